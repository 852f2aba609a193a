#!/usr/bin/env bash
# Notification e-mail benchmark: 10,000 notifications queued through the app's Notifier into the outbox, then the
# app's delivery job (MailKit) sends them to an SMTP server in the benchmark process (the SmtpServer package on a
# loopback port). Prints the delivery time, throughput and peak working set; fails when a mail is missing, sent
# twice, or the run takes 60 s or more. On an empty database of its own (artifacts/bench/notifications-data).
#
#   bench/notifications.sh [mails]     (default 10000)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
build_release; build_bench
dotnet "$bench_dll" notifications "$work_dir/notifications-data" "${1:-10000}" | tee "$work_dir/notifications-results.txt"
