"""The offline MNIST/FashionMNIST fixtures load through torchvision's real dataset classes."""

from __future__ import annotations

import socket
from urllib.error import URLError

import numpy as np
import pytest
import torch
import torchvision
import torchvision.datasets.mnist

from tests.fixtures import datasets as fixtures
from tests.fixtures.datasets import ensure_datasets, write_idx_dataset


@pytest.fixture
def no_network(monkeypatch):
    """Fail any torchvision download attempt, and count them."""
    calls: list[str] = []

    def refuse(url, *args, **kwargs):
        calls.append(url)
        raise URLError("network disabled in tests")

    monkeypatch.setattr(torchvision.datasets.mnist, "download_and_extract_archive", refuse)
    return calls


@pytest.mark.parametrize("name", fixtures.NAMES)
def test_fixture_loads_through_torchvision_without_downloading(tmp_path, no_network, name):
    write_idx_dataset(tmp_path, name, n_train=120, n_test=40, seed=3)
    dataset_class = getattr(torchvision.datasets, name)

    train = dataset_class(str(tmp_path), train=True, download=True)
    test = dataset_class(str(tmp_path), train=False, download=True)

    assert no_network == []
    assert (len(train), len(test)) == (120, 40)
    assert train.data.dtype == torch.uint8 and tuple(train.data.shape) == (120, 28, 28)
    assert train.targets.dtype == torch.int64
    assert sorted(train.targets.unique().tolist()) == list(range(10))
    assert sorted(test.targets.unique().tolist()) == list(range(10))
    assert len(train.classes) == 10
    image, label = train[0]
    assert image.size == (28, 28) and image.mode == "L"
    assert label == int(train.targets[0])


@pytest.mark.parametrize("name", fixtures.NAMES)
def test_images_are_drawn_not_blank(name):
    images, labels = fixtures.make_split(name, 50, seed=0)
    ink = (images > 64).mean(axis=(1, 2))  # fraction of bright pixels per image
    assert images.dtype == np.uint8 and images.shape == (50, 28, 28)
    assert ink.min() > 0.03 and ink.max() < 0.75
    # The object sits in the middle of the frame, as in the real datasets.
    assert images[:, 7:21, 7:21].mean() > 3 * images[:, :, :3].mean()


@pytest.mark.parametrize("name", fixtures.NAMES)
def test_same_seed_same_bytes(name):
    a, la = fixtures.make_split(name, 30, seed=7)
    b, lb = fixtures.make_split(name, 30, seed=7)
    c, _ = fixtures.make_split(name, 30, seed=8)
    assert np.array_equal(a, b) and np.array_equal(la, lb)
    assert not np.array_equal(a, c)


@pytest.mark.parametrize(("name", "floor"), [("MNIST", 0.4), ("FashionMNIST", 0.7)])
def test_classes_are_learnable(name, floor):
    """A nearest-class-mean classifier on raw pixels already beats chance (0.1) by far."""
    x_train, y_train = fixtures.make_split(name, 600, seed=0)
    x_test, y_test = fixtures.make_split(name, 200, seed=1)
    x_train = x_train.reshape(len(x_train), -1) / 255.0
    x_test = x_test.reshape(len(x_test), -1) / 255.0
    means = np.stack([x_train[y_train == k].mean(axis=0) for k in range(10)])
    predicted = ((x_test[:, None, :] - means[None]) ** 2).sum(axis=2).argmin(axis=1)
    assert (predicted == y_test).mean() > floor


def test_ensure_datasets_writes_fixtures_once(tmp_path, monkeypatch):
    monkeypatch.setitem(fixtures.DEFAULT_SIZES, "n_train", 60)
    monkeypatch.setitem(fixtures.DEFAULT_SIZES, "n_test", 20)

    assert ensure_datasets(tmp_path) == {"MNIST": "fixture", "FashionMNIST": "fixture"}
    note = tmp_path / "MNIST" / "raw" / "FIXTURE.txt"
    assert "Synthetic stand-in for MNIST" in note.read_text()
    first = (tmp_path / "MNIST" / "raw" / "train-images-idx3-ubyte").read_bytes()

    assert ensure_datasets(tmp_path) == {"MNIST": "present", "FashionMNIST": "present"}
    assert (tmp_path / "MNIST" / "raw" / "train-images-idx3-ubyte").read_bytes() == first
    assert len(torchvision.datasets.FashionMNIST(str(tmp_path), train=False)) == 20


def test_failed_download_falls_back_to_the_fixture(tmp_path, monkeypatch, no_network):
    monkeypatch.setitem(fixtures.DEFAULT_SIZES, "n_train", 30)
    monkeypatch.setitem(fixtures.DEFAULT_SIZES, "n_test", 10)
    before = socket.getdefaulttimeout()

    done = ensure_datasets(tmp_path, try_download=True)

    assert done == {"MNIST": "fixture", "FashionMNIST": "fixture"}
    assert any("train-images-idx3-ubyte" in url for url in no_network)  # it did try
    assert socket.getdefaulttimeout() == before
    assert len(torchvision.datasets.MNIST(str(tmp_path), train=True, download=True)) == 30
