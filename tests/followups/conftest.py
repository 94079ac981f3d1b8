import pytest


@pytest.fixture
def world(world, make_user):
    """The shared school (tests/conftest.py) with a second coordinator."""
    world.coordinator2 = make_user("coordinator", world.school, name="Coordinator Corrie")
    return world
