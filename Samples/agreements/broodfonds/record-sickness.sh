#!/bin/sh
# Records the sickness of Broodfonds Te Aro over 2024 and 2025 into a ledger made from network.toml, before
# its months are closed (a period that touches a closed month is refused).
#
#   sh Samples/agreements/broodfonds/record-sickness.sh Ledgers/broodfonds.sqlite
#
# The podledger binary is $PODLEDGER, or `podledger` on the PATH.
set -eu
ledger=${1:?usage: record-sickness.sh LEDGER}
podledger=${PODLEDGER:-podledger}
sick() { "$podledger" --ledger "$ledger" sickness "$@"; }

# The young fund's hard start: three members sick in its first two months.
sick add --member tama --from 2024-01 --through 2024-04     # benefit February–April
sick add --member mere --from 2024-01 --through 2024-06     # benefit February–June
sick add --member sione --from 2024-02 --through 2024-03    # benefit March
# Overlaps Mere's last month.
sick add --member daniel --from 2024-06 --through 2024-09   # benefit July–September
# A month of sickness: within the waiting month, so no benefit.
sick add --member hemi --from 2024-08 --through 2024-08
# Long and still going at the end of 2025.
sick add --member aroha --from 2024-10                      # benefit from November 2024
sick add --member kiri --from 2025-01 --through 2025-02     # benefit February
# Recorded when it began, ended when she was back at work.
sick add --member ngaire --from 2025-04
sick end --member ngaire --through 2025-08                  # benefit May–August
sick add --member priya --from 2025-07 --through 2025-10    # benefit August–October
sick add --member tevita --from 2025-11 --through 2025-12   # benefit December
