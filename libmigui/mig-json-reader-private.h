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

gboolean  mig_json_depth_exceeds (const char  *data,
                                  gsize        length,
                                  int          max_depth);
JsonNode *mig_json_read_bounded  (const char  *data,
                                  gsize        length,
                                  int          max_depth,
                                  GError     **error);

G_END_DECLS
