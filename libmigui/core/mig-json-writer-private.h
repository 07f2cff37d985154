/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * Writes compact JSON text straight into a GString.  Checkpoints use it
 * instead of building json-glib objects: a JsonObject costs a hash table and
 * a copy of every key, which dominated the time of a checkpoint.
 */
/* Deeper than any form tree may be (MIG_FORM_TREE_MAX_DEPTH). */
#define MIG_JSON_WRITER_MAX_DEPTH 128

typedef struct
{
  GString *out;
  guint    depth;
  gboolean after_key;
  guint8   in_array[MIG_JSON_WRITER_MAX_DEPTH + 1];   /* the container is an array */
  guint8   has_items[MIG_JSON_WRITER_MAX_DEPTH + 1];  /* something was written in it */
} MigJsonWriter;

void mig_json_writer_init         (MigJsonWriter *writer,
                                   GString       *out);
void mig_json_writer_begin_object (MigJsonWriter *writer);
void mig_json_writer_end_object   (MigJsonWriter *writer);
void mig_json_writer_begin_array  (MigJsonWriter *writer);
void mig_json_writer_end_array    (MigJsonWriter *writer);
void mig_json_writer_key          (MigJsonWriter *writer,
                                   const char    *key);
void mig_json_writer_string       (MigJsonWriter *writer,
                                   const char    *value);
void mig_json_writer_int          (MigJsonWriter *writer,
                                   gint64         value);
void mig_json_writer_double       (MigJsonWriter *writer,
                                   double         value);
void mig_json_writer_bool         (MigJsonWriter *writer,
                                   gboolean       value);
void mig_json_writer_node         (MigJsonWriter *writer,
                                   JsonNode      *node);
void mig_json_writer_raw          (MigJsonWriter *writer,
                                   const char    *json,
                                   gsize          length);

G_END_DECLS
