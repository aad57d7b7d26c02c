"""The canned estimators (models.py) and their heads (head.py)."""
from .models import DNNClassifier, DNNRegressor, LinearClassifier, LinearRegressor  # noqa: F401
