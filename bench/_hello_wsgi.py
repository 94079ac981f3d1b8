"""A hello-world Flask app: the yardstick bench_login.py compares login throughput with."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello():
    return "hello"
