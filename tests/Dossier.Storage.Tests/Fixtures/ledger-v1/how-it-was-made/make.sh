set -euo pipefail
W=/tmp/fx; rm -rf $W /tmp/fx-shares
D="dotnet ../../../../../src/Dossier.Cli/bin/Debug/net10.0/dossier.dll"
$D demo --no-serve --workspace $W > /tmp/fx.log
tok() { grep " $1 " /tmp/fx.log | sed 's/.*token //' | tr -d ' '; }
ADMIN=$(tok demo-admin); INV=$(tok demo-investigator); LEGAL=$(tok demo-legal); VIEW=$(tok demo-viewer || true); AN=$(tok demo-analyst)
echo "admin=$ADMIN"
printf 'SYNTHETIC test document for the v1 ledger fixture\n' > /tmp/fxgen/doc.txt
printf 'SYNTHETIC redacted copy\n' > /tmp/fxgen/red.txt
$D evidence add /tmp/fxgen/doc.txt --collector "SYNTHETIC collector" --collected-at "2023-05-04 10:00" --zone Europe/Berlin --method "handed over on USB" --location "Stockholm" --token $INV --workspace $W
H=$(sha256sum /tmp/fxgen/doc.txt | cut -d' ' -f1)
$D evidence custody $H --action transfer --to "SYNTHETIC analyst" --reason "analysis" --token $INV --workspace $W
$D evidence custody $H --action copy --to "SYNTHETIC archive" --tool cp --reason "second copy" --token $INV --workspace $W
$D evidence custody $H --action analyse --tool "exiftool 12" --reason "metadata" --token $INV --workspace $W
$D evidence add /tmp/fxgen/red.txt --collector "SYNTHETIC collector" --collected-at "2023-05-05T10:00:00+02:00" --method "redaction" --derived-from $H --derivation redaction --token $INV --workspace $W
R=$(sha256sum /tmp/fxgen/red.txt | cut -d' ' -f1)
$D evidence custody $H --action redact --result $R --tool "pdf-redact" --reason "protect a name" --token $INV --workspace $W
$D evidence custody $R --action disclose --to "SYNTHETIC defence counsel" --authority "court order 12/2023" --reason "disclosure" --token $INV --workspace $W
$D evidence custody $H --action return --to "SYNTHETIC collector" --reason "returned" --token $INV --workspace $W
$D evidence link $H hamid-noury --relation mentions --pages 2-3 --reason "names the accused" --token $INV --workspace $W || $D search Noury --workspace $W | head
$D list status --workspace $W | head -30
$D list decide syn-list-families/families-0000068 syn-list-prisoners/prisoners-0000041 accept --reason "same father's name" --token $AN --workspace $W
$D list decide syn-list-ngo/ngo-0000146 syn-list-prisoners/prisoners-0000195 reject --reason "different birth years" --token $AN --workspace $W
$D identity list --token $LEGAL --workspace $W
$D identity unseal w-001 --reason "preparing the hearing" --token $LEGAL --workspace $W > /dev/null
$D identity unseal w-001 --reason "curious" --token $AN --workspace $W > /dev/null || true
$D user add fx-viewer --role viewer --token $ADMIN --workspace $W --with-token > /tmp/fx-user.log
$D user disable fx-viewer --reason "left the team" --token $ADMIN --workspace $W
$D user enable fx-viewer --reason "back" --token $ADMIN --workspace $W
$D user role fx-viewer --role analyst --reason "new duties" --token $ADMIN --workspace $W
$D user reset-second-factor fx-viewer --reason "lost phone" --token $ADMIN --workspace $W
$D token list fx-viewer --token $ADMIN --workspace $W
TID=$($D token list fx-viewer --token $ADMIN --workspace $W | awk '{print $1}' | head -1)
$D token revoke fx-viewer $TID --token $ADMIN --workspace $W
$D export --out /tmp/fxgen/export.json --up-to restricted --token $LEGAL --workspace $W
$D show w-002 --token $LEGAL --workspace $W > /dev/null
$D key split --threshold 2 --custodian "SYNTHETIC custodian A" --custodian "SYNTHETIC custodian B" --custodian "SYNTHETIC custodian C" --out /tmp/fx-shares --reason "custody" --workspace $W
mv $W/keys/master.key /tmp/fxgen/master.key.bak; $D key recover $(ls /tmp/fx-shares/* | head -2 | tr "\n" " ") --workspace $W
$D key rotate --reason "yearly rotation" --workspace $W
$D erase-identity w-003 --reason "witness withdrew consent" --token $LEGAL --workspace $W
$D user add fx-x --role viewer --token $AN --workspace $W || true
