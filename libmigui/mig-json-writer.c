/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include "mig-json-writer-private.h"

#define MAX_DEPTH 63

void
mig_json_writer_init (MigJsonWriter *writer,
                      GString       *out)
{
  *writer = (MigJsonWriter) { .out = out };
}

/* Puts the comma between items; a value right after its key needs none. */
static void
before_item (MigJsonWriter *writer)
{
  guint64 bit = G_GUINT64_CONSTANT (1) << writer->depth;

  if (writer->after_key)
    {
      writer->after_key = FALSE;
      return;
    }
  if (writer->has_items & bit)
    g_string_append_c (writer->out, ',');
  writer->has_items |= bit;
}

static void
begin (MigJsonWriter *writer,
       char           c,
       gboolean       array)
{
  guint64 bit;

  before_item (writer);
  g_assert (writer->depth < MAX_DEPTH);
  g_string_append_c (writer->out, c);
  writer->depth++;
  bit = G_GUINT64_CONSTANT (1) << writer->depth;
  writer->has_items &= ~bit;
  if (array)
    writer->in_array |= bit;
  else
    writer->in_array &= ~bit;
}

static void
end (MigJsonWriter *writer,
     char           c)
{
  g_assert (writer->depth > 0 && !writer->after_key);
  writer->depth--;
  g_string_append_c (writer->out, c);
}

void
mig_json_writer_begin_object (MigJsonWriter *writer)
{
  begin (writer, '{', FALSE);
}

void
mig_json_writer_end_object (MigJsonWriter *writer)
{
  end (writer, '}');
}

void
mig_json_writer_begin_array (MigJsonWriter *writer)
{
  begin (writer, '[', TRUE);
}

void
mig_json_writer_end_array (MigJsonWriter *writer)
{
  end (writer, ']');
}

static void
append_escaped (GString    *out,
                const char *value)
{
  g_autofree char *valid = NULL;
  const char *p;

  /* Widgets hold UTF-8; anything else is repaired rather than written. */
  if (!g_utf8_validate (value, -1, NULL))
    value = valid = g_utf8_make_valid (value, -1);

  g_string_append_c (out, '"');
  for (p = value; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"': g_string_append_len (out, "\\\"", 2); break;
        case '\\': g_string_append_len (out, "\\\\", 2); break;
        case '\n': g_string_append_len (out, "\\n", 2); break;
        case '\r': g_string_append_len (out, "\\r", 2); break;
        case '\t': g_string_append_len (out, "\\t", 2); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

void
mig_json_writer_key (MigJsonWriter *writer,
                     const char    *key)
{
  g_assert (!(writer->in_array & (G_GUINT64_CONSTANT (1) << writer->depth)));

  before_item (writer);
  append_escaped (writer->out, key);
  g_string_append_c (writer->out, ':');
  writer->after_key = TRUE;
}

void
mig_json_writer_string (MigJsonWriter *writer,
                        const char    *value)
{
  before_item (writer);
  if (value == NULL)
    g_string_append_len (writer->out, "null", 4);
  else
    append_escaped (writer->out, value);
}

void
mig_json_writer_int (MigJsonWriter *writer,
                     gint64         value)
{
  before_item (writer);
  g_string_append_printf (writer->out, "%" G_GINT64_FORMAT, value);
}

void
mig_json_writer_double (MigJsonWriter *writer,
                        double         value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  before_item (writer);
  /* JSON has no NaN or infinity. */
  if (!isfinite (value))
    value = 0;
  g_string_append (writer->out, g_ascii_dtostr (buffer, sizeof buffer, value));
}

void
mig_json_writer_bool (MigJsonWriter *writer,
                      gboolean       value)
{
  before_item (writer);
  g_string_append (writer->out, value ? "true" : "false");
}

void
mig_json_writer_raw (MigJsonWriter *writer,
                     const char    *json,
                     gsize          length)
{
  before_item (writer);
  g_string_append_len (writer->out, json, (gssize) length);
}

void
mig_json_writer_node (MigJsonWriter *writer,
                      JsonNode      *node)
{
  g_autofree char *json = json_to_string (node, FALSE);

  mig_json_writer_raw (writer, json, strlen (json));
}
