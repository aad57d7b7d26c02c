"""The input pipeline and TF's files carry no gradient: queues, readers, datasets and iterators,
CSV/file/string decoding, py_func, checkpoint save/restore and summaries are marked not
differentiable, as TF 1.15 marks its data-flow, io, parsing, script and summary ops (a gradient
stops at the value they produce)."""
from __future__ import annotations

from ..grad_registry import NotDifferentiable

_DATASETS = ("BatchDatasetV2", "CacheDataset", "ConcatenateDataset", "FilterDataset", "FlatMapDataset",
             "GeneratorDataset", "InterleaveDataset", "MapDataset", "PaddedBatchDatasetV2", "PrefetchDataset",
             "RangeDataset", "RepeatDataset", "ShuffleDataset", "SkipDataset", "TakeDataset", "TensorDataset",
             "TensorSliceDataset", "TextLineDataset", "TFRecordDataset", "UnbatchDataset", "ZipDataset")
_ITERATORS = ("IteratorV2", "OneShotIterator", "MakeIterator", "IteratorGetNext", "IteratorToStringHandle",
              "IteratorFromStringHandleV2")
_QUEUES = ("FIFOQueueV2", "PaddingFIFOQueueV2", "RandomShuffleQueueV2", "QueueCloseV2", "QueueDequeueManyV2",
           "QueueDequeueUpToV2", "QueueDequeueV2", "QueueEnqueueManyV2", "QueueEnqueueV2", "QueueIsClosedV2",
           "QueueSizeV2")
_READERS = ("TextLineReaderV2", "WholeFileReaderV2", "TFRecordReaderV2", "ReaderReadV2", "ReaderReadUpToV2",
            "ReaderResetV2", "ReaderNumRecordsProducedV2", "ReaderNumWorkUnitsCompletedV2", "ReadFile", "WriteFile", "MatchingFiles")
_FILES = ("SaveV2", "RestoreV2", "ScalarSummary", "HistogramSummary", "ImageSummary", "AudioSummaryV2",
          "TensorSummaryV2", "MergeSummary", "StringJoin", "ShardedFilename", "MergeV2Checkpoints",
          "StaticRegexFullMatch")
_OTHER = ("DecodeCSV", "DecodeRaw", "ParseExample", "ParseSingleExample", "StringToNumber", "PyFunc",
          "PyFuncStateless", "RandomShuffle", "CountUpTo")

for _type in _DATASETS + _ITERATORS + _QUEUES + _READERS + _FILES + _OTHER:
    NotDifferentiable(_type)
