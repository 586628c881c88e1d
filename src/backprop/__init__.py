"""The shared module of the verified backpropagation companion book.

`backprop.data` (MNIST), `backprop.network` (the engine), `backprop.train` (SGD),
`backprop.gradcheck` (finite differences), `backprop.claims` (the claim registry, checked with
`backprop.symbolic`), and `backprop.cli` (``python -m backprop``).
"""

from backprop.data import MNIST, DataError, load_mnist
from backprop.network import Network
from backprop.train import History, TrainingDiverged, sgd_step, train

__all__ = ["MNIST", "DataError", "History", "Network", "TrainingDiverged", "load_mnist", "sgd_step",
           "train"]
__version__ = "0.1.0"
