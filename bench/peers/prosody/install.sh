#!/usr/bin/env bash
# Installs Prosody from Debian's packages with the LuaDBI SQLite driver (lua-dbi-sqlite3) that mod_storage_sql
# needs. The packaged system service is not used: start.sh runs a private instance.
source "$(dirname "$0")/../common.sh"
before=$(service_running prosody)
install_packages prosody lua-dbi-sqlite3 sqlite3
stop_service_started_by_install prosody "$before"
echo "prosody $(dpkg-query -W -f='${Version}' prosody) installed"
