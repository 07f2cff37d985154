/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonNode *mig_json_read (const char  *data,
                         gsize        length,
                         GError     **error);

G_END_DECLS
