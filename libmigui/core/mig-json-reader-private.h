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

/* Lenient accessors for JSON from the network: NULL (or @fallback) when
 * the node or member is missing or of another type. */
JsonObject *mig_json_node_get_object   (JsonNode    *node);
const char *mig_json_object_get_string (JsonObject  *object,
                                        const char  *member);
gint64      mig_json_object_get_int    (JsonObject  *object,
                                        const char  *member,
                                        gint64       fallback);
JsonObject *mig_json_object_get_object (JsonObject  *object,
                                        const char  *member);
const char *mig_json_object_get_short_string (JsonObject *object,
                                        const char  *member,
                                        gsize        max_length);
const char *mig_json_node_get_member_string (JsonNode *node,
                                        const char  *member);

G_END_DECLS
