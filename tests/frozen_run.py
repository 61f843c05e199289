"""Runs a Python script with the clock frozen (see clock.frozen): frozen_run.py ISO-MOMENT SCRIPT ARGS…"""

import runpy
import sys

import time_machine

if __name__ == "__main__":
    time_machine.travel(sys.argv[1], tick=True).start()  # forked children (celery's pool) inherit it
    sys.argv = sys.argv[2:]
    runpy.run_path(sys.argv[0], run_name="__main__")
