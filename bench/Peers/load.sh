#!/usr/bin/env bash
# Loads the benchmark's CSV rows (bench/Peers/PeerGen data) into tables a peer's framework created in its own SQLite
# file, through the sqlite3 shell: each CSV is imported into a scratch table and copied column by column, each value
# converted to what that framework stores for its type.
#   bash bench/Peers/load.sh FLAVOUR DB CSV_DIR COLUMNS_DIR
# FLAVOUR: ef (EF Core: booleans 0/1) or cap (@cap-js/sqlite: booleans 1/0 too, table names prefixed with the service).
# COLUMNS_DIR holds "Name Kind" lists per entity type (PeerGen columns), A_BusinessPartnerType.txt and ...AddressType.txt.
set -euo pipefail
flavour=$1 db=$2 csv=$3 columns=$4
case $flavour in
  ef) prefix="" ;;
  cap) prefix="API_BUSINESS_PARTNER_" ;;
  *) echo "unknown flavour $flavour" >&2; exit 2 ;;
esac
sql=$(mktemp)
{
  echo "PRAGMA synchronous=OFF;"
  for set in A_BusinessPartner A_BusinessPartnerAddress; do
    names=() values=()
    while read -r name kind; do
      names+=("\"$name\"")
      case $kind in
        String) values+=("\"$name\"") ;;
        Boolean) values+=("CASE \"$name\" WHEN 'true' THEN 1 WHEN 'false' THEN 0 END") ;;
        *) values+=("NULLIF(\"$name\", '')") ;;
      esac
    done <"$columns/${set}Type.txt"
    echo "DROP TABLE IF EXISTS csv_$set;"
    echo ".import --csv $csv/$set.csv csv_$set"
    echo "DELETE FROM \"$prefix$set\";"
    echo "INSERT INTO \"$prefix$set\" ($(IFS=,; echo "${names[*]}")) SELECT $(IFS=,; echo "${values[*]}") FROM csv_$set;"
    echo "DROP TABLE csv_$set;"
  done
  echo "VACUUM;"
} >"$sql"
sqlite3 "$db" <"$sql"
rm -f "$sql"
