#!/usr/bin/env bash
# Installs ejabberd from Debian's packages with its SQLite driver (erlang-p1-sqlite3, the esqlite NIF that
# `sql_type: sqlite` loads). The packaged system service is not used: start.sh runs a private node.
source "$(dirname "$0")/../common.sh"
before=$(service_running ejabberd)
install_packages ejabberd erlang-p1-sqlite3 sqlite3
stop_service_started_by_install ejabberd "$before"
echo "ejabberd $(dpkg-query -W -f='${Version}' ejabberd) installed"
