"""Real TensorFlow file formats for nbgraph graphs, summaries and variables.

- `graph_def`: Graph <-> GraphDef/NodeDef (with every attr TF writes), `get_attr`.
- `importer`: `tf.import_graph_def`; `meta_graph`: MetaGraphDef export/import, `write_graph`.
- `records`: TFRecord framing (length + masked CRC32C); `events`: `FileWriter`, event files.
- `table` + `bundle`: TF's V2 checkpoint format (`.index` SSTable + `.data` shards).

The protobuf messages come from compiled protos (`tensorboard.compat.proto`, plus the
tensor bundle protos in `proto/`), imported lazily by `protos.py`, so the engine imports
without the `tensorboard` extra.
"""
