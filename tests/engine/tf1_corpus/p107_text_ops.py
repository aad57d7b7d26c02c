import tensorflow as tf

# Text ops: string_split (a SparseTensor of tokens; each delimiter byte splits, "" splits characters),
# strings.split, string_join, substr, strings.length (bytes and UTF-8 characters), as_string, regex_replace,
# reduce_join, strings.strip; their printed tensors and values.

sp = tf.string_split(["hello world", "a  b c", ""])
sp2 = tf.string_split(["a,b;c"], delimiter=",;")
sp3 = tf.string_split(["abc"], delimiter="")
v2 = tf.strings.split(["hello  world", "x"])
j = tf.string_join(["a", tf.constant(["b", "c"])], separator="-")
sub = tf.substr(["hello", "world"], 1, 3)
ln = tf.strings.length(["ab", "", "héllo"])
ln8 = tf.strings.length(["héllo"], unit="UTF8_CHAR")
asn = tf.as_string([1.5, 2.25], precision=2)
asi = tf.as_string([3, 42], width=4, fill="0")
rr = tf.regex_replace(["a1b22c"], "[0-9]+", "#")
rj = tf.reduce_join([["a", "b"], ["c", "d"]], 1, separator=" ")
rj0 = tf.reduce_join([["a", "b"], ["c", "d"]], 0)
st = tf.strings.strip(["  x y  "])
print(sp, rj, rj0, asn, sub)
with tf.Session() as s:
    for t in [sp, sp2, sp3, v2]:
        r = s.run(t); print(r.indices.tolist(), r.values.tolist(), r.dense_shape.tolist())
    for t in [j, sub, ln, ln8, asn, asi, rr, rj, rj0, st]:
        print(s.run(t).tolist())
with tf.Session() as s:
    for bad in (lambda: s.run(tf.substr(["ab"], 5, 1)),):
        try:
            bad()
        except tf.errors.InvalidArgumentError as e:
            print("InvalidArgumentError", str(e).splitlines()[0])
