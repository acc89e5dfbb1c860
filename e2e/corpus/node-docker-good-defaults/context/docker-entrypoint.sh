#!/bin/sh
# A stand-in for the project's entrypoint: runs the command it is given.
set -e
exec "$@"
