/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "mig-json-writer-private.h"

void
mig_json_writer_init (MigJsonWriter *writer,
                      GString       *out)
{
  memset (writer, 0, sizeof *writer);
  writer->out = out;
}

/* Puts the comma between items; a value right after its key needs none. */
static void
before_item (MigJsonWriter *writer)
{
  if (writer->after_key)
    {
      writer->after_key = FALSE;
      return;
    }
  if (writer->has_items[writer->depth])
    g_string_append_c (writer->out, ',');
  writer->has_items[writer->depth] = TRUE;
}

static void
begin (MigJsonWriter *writer,
       char           c,
       gboolean       array)
{
  before_item (writer);
  g_assert (writer->depth < MIG_JSON_WRITER_MAX_DEPTH);
  g_string_append_c (writer->out, c);
  writer->depth++;
  writer->has_items[writer->depth] = FALSE;
  writer->in_array[writer->depth] = array;
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
  g_assert (!writer->in_array[writer->depth]);

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

/* Writes a json-glib tree.  json_to_string() is not used: it writes some
 * doubles (4e80) as "4e+80.0", which is not JSON. */
void
mig_json_writer_node (MigJsonWriter *writer,
                      JsonNode      *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        mig_json_writer_begin_object (writer);
        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            mig_json_writer_key (writer, name);
            mig_json_writer_node (writer, member);
          }
        mig_json_writer_end_object (writer);
        break;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        mig_json_writer_begin_array (writer);
        for (guint i = 0; i < json_array_get_length (array); i++)
          mig_json_writer_node (writer, json_array_get_element (array, i));
        mig_json_writer_end_array (writer);
        break;
      }
    case JSON_NODE_NULL:
      mig_json_writer_raw (writer, "null", 4);
      break;
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          mig_json_writer_int (writer, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          mig_json_writer_double (writer, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          mig_json_writer_bool (writer, json_node_get_boolean (node));
          break;
        case G_TYPE_STRING:
          mig_json_writer_string (writer, json_node_get_string (node));
          break;
        default:
          mig_json_writer_raw (writer, "null", 4);
        }
      break;
    }
}
