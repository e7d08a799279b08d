#!/usr/bin/env bash
# Posts a Shopify order webhook to a running hub, signed like Shopify signs it:
# X-Shopify-Hmac-Sha256 = base64(HMAC-SHA256(secret, raw body)).
# usage: docs/send-sample-order.sh SECRET [ORDER_JSON] [HUB_URL] [TOPIC]
set -euo pipefail
secret=${1:?usage: $0 SECRET [ORDER_JSON] [HUB_URL] [TOPIC]}
file=${2:-$(dirname "$0")/samples/shopify-order.json}
hub=${3:-http://localhost:8080}
topic=${4:-orders/create}
signature=$(openssl dgst -sha256 -hmac "$secret" -binary "$file" | base64)
curl -sS -w '\nHTTP %{http_code}\n' -X POST "$hub/webhooks/shopify/orders" \
  -H 'Content-Type: application/json' \
  -H "X-Shopify-Hmac-Sha256: $signature" \
  -H "X-Shopify-Topic: $topic" \
  -H 'X-Shopify-Shop-Domain: sample-shop.myshopify.com' \
  -H 'X-Shopify-API-Version: 2025-10' \
  -H "X-Shopify-Webhook-Id: sample-$(date +%s%N)" \
  --data-binary @"$file"
