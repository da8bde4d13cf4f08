#!/usr/bin/env bash
# azd postprovision hook: creates every Key Vault secret that infra/main.bicep references from the app settings
# (@Microsoft.KeyVault(...;SecretName=NAME)) and that does not exist yet, as 32 random bytes in base64 — the form the
# app's keys take. Existing secrets are never replaced: changing the claim-code HMAC key would invalidate every
# issued claim code. Needs the Azure CLI, signed in as the deploying user (Key Vault Secrets Officer on the vault).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VAULT="${AZURE_KEY_VAULT_NAME:?AZURE_KEY_VAULT_NAME is not set: run this through azd (postprovision) or export it}"

names=$(grep -o 'SecretName=[a-z0-9-]*' "$ROOT/infra/main.bicep" | cut -d= -f2 | sort -u)
for name in $names; do
  if az keyvault secret show --vault-name "$VAULT" --name "$name" --query id -o tsv >/dev/null 2>&1; then
    echo "Key Vault $VAULT: secret $name exists; kept."
  else
    # The value goes to az through a file descriptor, never on a command line or into the environment.
    az keyvault secret set --vault-name "$VAULT" --name "$name" --file <(openssl rand -base64 32 | tr -d '\n') \
      --encoding utf-8 --content-type "base64 key, 32 bytes" --query id -o tsv >/dev/null
    echo "Key Vault $VAULT: secret $name created."
  fi
done
