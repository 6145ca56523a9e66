"""Starts localstripe (the Stripe double from PyPI) on 127.0.0.1 only, with an
empty store, for the tests: `python3 localstripe_server.py PORT`."""
import sys

from aiohttp import web
from localstripe.server import app

web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None)
