/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MIG_TYPE_EMPTY_TLS_DATABASE (mig_empty_tls_database_get_type ())
G_DECLARE_FINAL_TYPE (MigEmptyTlsDatabase, mig_empty_tls_database, MIG, EMPTY_TLS_DATABASE, GTlsDatabase)

void mig_empty_tls_database_ensure_default (void);

G_END_DECLS
