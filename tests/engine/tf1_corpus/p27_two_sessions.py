import tensorflow as tf
import collections
import numpy as np

# Variables live in sessions: two sessions on one graph hold separate values.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

counter = tf.Variable(0, name="counter")
step = tf.assign_add(counter, 1)
s1 = tf.Session()
s2 = tf.Session()
s1.run(tf.global_variables_initializer())
for _ in range(3):
    s1.run(step)
show("s1", s1.run(counter))
show_error("s2 before init", lambda: s2.run(counter))
s2.run(counter.initializer)
s2.run(step)
show("s2", s2.run(counter))
show("s1 still", s1.run(counter))
print(s1.graph is s2.graph, s1.graph is tf.get_default_graph())
s1.close()
show_error("s1 closed", lambda: s1.run(counter))
show("s2 open", s2.run(counter))
s2.close()
