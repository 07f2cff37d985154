/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A new ECDSA P-256 key and a self-signed certificate for it (TLS server
 * and client use), as PEM text: the key, then the certificate. */
char *mig_certificate_make_pem (const char  *common_name,
                                GError     **error);

G_END_DECLS
