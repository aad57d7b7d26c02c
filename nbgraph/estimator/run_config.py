"""`tf.estimator.RunConfig`: where an Estimator keeps its checkpoints and how often it saves,
logs and summarises (TF 1.15's defaults: a checkpoint every 600 s, summaries and the loss log
every 100 steps, the 5 latest checkpoints kept)."""
from __future__ import annotations

_USE_DEFAULT = object()

#: the session config an Estimator runs with when none is given, as 1.15 prints it
DEFAULT_SESSION_CONFIG_TEXT = ("allow_soft_placement: true\ngraph_options {\n  rewrite_options {\n"
                               "    meta_optimizer_iterations: ONE\n  }\n}\n")


class _ProtoText:
    """Prints as the protobuf text TF logs in `Using config: ...`."""

    def __init__(self, config, text):
        self.config, self.text = config, text

    def __repr__(self):
        return self.text


class _ClusterSpec:
    def __repr__(self):
        return f"<tensorflow.python.training.server_lib.ClusterSpec object at {id(self):#x}>"


class RunConfig:
    """`tf.estimator.RunConfig(model_dir=None, tf_random_seed=None, save_summary_steps=100,
    save_checkpoints_steps=..., save_checkpoints_secs=..., session_config=None,
    keep_checkpoint_max=5, keep_checkpoint_every_n_hours=10000, log_step_count_steps=100, ...)`."""

    def __init__(self, model_dir=None, tf_random_seed=None, save_summary_steps=100,
                 save_checkpoints_steps=_USE_DEFAULT, save_checkpoints_secs=_USE_DEFAULT, session_config=None,
                 keep_checkpoint_max=5, keep_checkpoint_every_n_hours=10000, log_step_count_steps=100,
                 train_distribute=None, device_fn=None, protocol=None, eval_distribute=None,
                 experimental_distribute=None, experimental_max_worker_delay_secs=None,
                 session_creation_timeout_secs=7200):
        if save_checkpoints_steps is _USE_DEFAULT and save_checkpoints_secs is _USE_DEFAULT:
            save_checkpoints_steps, save_checkpoints_secs = None, 600
        elif save_checkpoints_secs is _USE_DEFAULT:
            save_checkpoints_secs = None
        elif save_checkpoints_steps is _USE_DEFAULT:
            save_checkpoints_steps = None
        elif save_checkpoints_steps is not None and save_checkpoints_secs is not None:
            raise ValueError("`save_checkpoints_steps` and `save_checkpoints_secs` cannot be both set.")
        for name, value in (("save_summary_steps", save_summary_steps), ("save_checkpoints_steps", save_checkpoints_steps),
                            ("save_checkpoints_secs", save_checkpoints_secs), ("keep_checkpoint_max", keep_checkpoint_max),
                            ("log_step_count_steps", log_step_count_steps)):
            if value is not None and value < 0:
                raise ValueError(f"{name} should be >= 0, given {value}")
        self._model_dir = model_dir
        self._tf_random_seed = tf_random_seed
        self._save_summary_steps = save_summary_steps
        self._save_checkpoints_steps = save_checkpoints_steps
        self._save_checkpoints_secs = save_checkpoints_secs
        self._session_config = session_config
        self._keep_checkpoint_max = keep_checkpoint_max
        self._keep_checkpoint_every_n_hours = keep_checkpoint_every_n_hours
        self._log_step_count_steps = log_step_count_steps
        self._train_distribute = train_distribute
        self._device_fn = device_fn
        self._protocol = protocol
        self._eval_distribute = eval_distribute
        self._experimental_distribute = experimental_distribute
        self._experimental_max_worker_delay_secs = experimental_max_worker_delay_secs
        self._session_creation_timeout_secs = session_creation_timeout_secs
        self._service = None
        self._cluster_spec = _ClusterSpec()
        self._task_type = "worker"
        self._task_id = 0
        self._global_id_in_cluster = 0
        self._master = ""
        self._evaluation_master = ""
        self._is_chief = True
        self._num_ps_replicas = 0
        self._num_worker_replicas = 1

    model_dir = property(lambda self: self._model_dir)
    tf_random_seed = property(lambda self: self._tf_random_seed)
    save_summary_steps = property(lambda self: self._save_summary_steps)
    save_checkpoints_steps = property(lambda self: self._save_checkpoints_steps)
    save_checkpoints_secs = property(lambda self: self._save_checkpoints_secs)
    keep_checkpoint_max = property(lambda self: self._keep_checkpoint_max)
    keep_checkpoint_every_n_hours = property(lambda self: self._keep_checkpoint_every_n_hours)
    log_step_count_steps = property(lambda self: self._log_step_count_steps)
    device_fn = property(lambda self: self._device_fn)
    is_chief = property(lambda self: self._is_chief)
    master = property(lambda self: self._master)
    num_ps_replicas = property(lambda self: self._num_ps_replicas)
    num_worker_replicas = property(lambda self: self._num_worker_replicas)
    task_type = property(lambda self: self._task_type)
    task_id = property(lambda self: self._task_id)
    train_distribute = property(lambda self: self._train_distribute)

    @property
    def session_config(self):
        c = self._session_config
        return c.config if isinstance(c, _ProtoText) else c

    def replace(self, **kwargs) -> "RunConfig":
        """A copy with the given properties changed (TF's `RunConfig.replace`)."""
        import copy
        allowed = ("model_dir", "tf_random_seed", "save_summary_steps", "save_checkpoints_steps",
                   "save_checkpoints_secs", "session_config", "keep_checkpoint_max",
                   "keep_checkpoint_every_n_hours", "log_step_count_steps", "device_fn")
        new = copy.copy(self)
        for key, value in kwargs.items():
            if key not in allowed:
                raise ValueError(f"{key} is not supported by RunConfig.replace. Allowed properties: "
                                 f"{', '.join(repr(a) for a in sorted(allowed))}")
            setattr(new, "_" + key, value)
        if new._save_checkpoints_steps is not None and new._save_checkpoints_secs is not None:
            if "save_checkpoints_steps" in kwargs and "save_checkpoints_secs" not in kwargs:
                new._save_checkpoints_secs = None
            elif "save_checkpoints_secs" in kwargs and "save_checkpoints_steps" not in kwargs:
                new._save_checkpoints_steps = None
            else:
                raise ValueError("`save_checkpoints_steps` and `save_checkpoints_secs` cannot be both set.")
        return new


def with_defaults(config: RunConfig | None, model_dir: str | None) -> RunConfig:
    """The config an Estimator runs with: `model_dir` from the argument or the config (a temp dir
    when neither gives one, as TF warns), and TF's default session config."""
    import tempfile

    from .. import tf_logging as logging
    from ..engine.config import ConfigProto
    config = RunConfig() if config is None else config
    if not isinstance(config, RunConfig):
        raise ValueError(f"config must be an instance of `RunConfig`, but provided {config}.")
    if model_dir is not None and config.model_dir is not None and model_dir != config.model_dir:
        raise ValueError("`model_dir` are set both in constructor and `RunConfig`, but with different values. "
                         f"In constructor: '{model_dir}', in `RunConfig`: '{config.model_dir}' ")
    model_dir = model_dir or config.model_dir
    if model_dir is None:
        model_dir = tempfile.mkdtemp()
        logging.warning("Using temporary folder as model directory: %s", model_dir)
    changes = {"model_dir": model_dir}
    if config._session_config is None:
        changes["session_config"] = _ProtoText(ConfigProto(allow_soft_placement=True), DEFAULT_SESSION_CONFIG_TEXT)
    return config.replace(**changes)
