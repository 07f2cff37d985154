/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>

#include "mig-enums.h"
#include "mig-json-reader-private.h"

/*
 * A strict RFC 8259 reader that builds json-glib nodes.  json-glib's own
 * parser grows faster than the input (a tree of 10 000 widgets took 18
 * times as long as one of 1 000); this one is linear.  The caller has
 * checked the input is valid UTF-8 without NUL bytes and bounded its
 * nesting, so recursion depth is bounded too.
 */

typedef struct
{
  const char *p;
  const char *start;
  const char *end;
  const char *problem;
} Reader;

static JsonNode *read_value (Reader *r);

static void
skip_space (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
    r->p++;
}

static gboolean
fail (Reader     *r,
      const char *problem)
{
  if (r->problem == NULL)
    r->problem = problem;
  return FALSE;
}

static int
hex_digit (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Reader   *r,
           gunichar *out)
{
  gunichar value = 0;

  if (r->end - r->p < 4)
    return fail (r, N_("a \\u escape is cut short"));
  for (int i = 0; i < 4; i++)
    {
      int digit = hex_digit (r->p[i]);

      if (digit < 0)
        return fail (r, N_("a \\u escape is not hexadecimal"));
      value = value * 16 + (gunichar) digit;
    }
  r->p += 4;
  *out = value;
  return TRUE;
}

/* Reads a string after its opening quote; returns it newly allocated. */
static char *
read_string (Reader *r)
{
  const char *run = r->p;
  GString *s = NULL;

  while (r->p < r->end)
    {
      char c = *r->p;

      if (c == '"')
        {
          char *result;

          if (s == NULL)
            result = g_strndup (run, (gsize) (r->p - run));
          else
            {
              g_string_append_len (s, run, r->p - run);
              result = g_string_free (s, FALSE);
            }
          r->p++;
          return result;
        }
      if ((guchar) c < 0x20)
        {
          fail (r, N_("a string holds a control character"));
          break;
        }
      if (c != '\\')
        {
          r->p++;
          continue;
        }

      if (s == NULL)
        s = g_string_new (NULL);
      g_string_append_len (s, run, r->p - run);
      r->p++;
      if (r->p >= r->end)
        break;
      c = *r->p++;
      switch (c)
        {
        case '"': g_string_append_c (s, '"'); break;
        case '\\': g_string_append_c (s, '\\'); break;
        case '/': g_string_append_c (s, '/'); break;
        case 'b': g_string_append_c (s, '\b'); break;
        case 'f': g_string_append_c (s, '\f'); break;
        case 'n': g_string_append_c (s, '\n'); break;
        case 'r': g_string_append_c (s, '\r'); break;
        case 't': g_string_append_c (s, '\t'); break;
        case 'u':
          {
            gunichar ch, low;

            if (!read_hex4 (r, &ch))
              goto error;
            if (ch >= 0xD800 && ch <= 0xDBFF)
              {
                if (r->end - r->p < 2 || r->p[0] != '\\' || r->p[1] != 'u')
                  {
                    fail (r, N_("a string holds half a surrogate pair"));
                    goto error;
                  }
                r->p += 2;
                if (!read_hex4 (r, &low))
                  goto error;
                if (low < 0xDC00 || low > 0xDFFF)
                  {
                    fail (r, N_("a string holds half a surrogate pair"));
                    goto error;
                  }
                ch = 0x10000 + ((ch - 0xD800) << 10) + (low - 0xDC00);
              }
            else if (ch >= 0xDC00 && ch <= 0xDFFF)
              {
                fail (r, N_("a string holds half a surrogate pair"));
                goto error;
              }
            /* C strings end at NUL: a \u0000 would cut the value short. */
            if (ch == 0)
              {
                fail (r, N_("a string holds a NUL character"));
                goto error;
              }
            g_string_append_unichar (s, ch);
            break;
          }
        default:
          fail (r, N_("a string has an unknown escape"));
          goto error;
        }
      run = r->p;
    }

  fail (r, N_("a string is not closed"));
error:
  if (s != NULL)
    g_string_free (s, TRUE);
  return NULL;
}

static JsonNode *
read_number (Reader *r)
{
  const char *start = r->p;
  gboolean integer = TRUE;
  char buffer[64];
  JsonNode *node;
  gsize length;

  if (r->p < r->end && *r->p == '-')
    r->p++;
  if (r->p < r->end && *r->p == '0')
    r->p++;
  else if (r->p < r->end && g_ascii_isdigit (*r->p))
    while (r->p < r->end && g_ascii_isdigit (*r->p))
      r->p++;
  else
    return fail (r, N_("a value is not valid")), NULL;

  if (r->p < r->end && *r->p == '.')
    {
      integer = FALSE;
      r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        return fail (r, N_("a number has no digits after its point")), NULL;
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }
  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E'))
    {
      integer = FALSE;
      r->p++;
      if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
        r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        return fail (r, N_("a number has no digits in its exponent")), NULL;
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }

  length = (gsize) (r->p - start);
  if (length >= sizeof buffer)
    return fail (r, N_("a number is too long")), NULL;
  memcpy (buffer, start, length);
  buffer[length] = '\0';

  node = json_node_alloc ();
  json_node_init (node, JSON_NODE_VALUE);
  if (integer)
    {
      gint64 value;

      errno = 0;
      value = g_ascii_strtoll (buffer, NULL, 10);
      if (errno == 0)
        {
          json_node_set_int (node, value);
          return node;
        }
    }
  json_node_set_double (node, g_ascii_strtod (buffer, NULL));
  return node;
}

static gboolean
read_literal (Reader     *r,
              const char *word)
{
  gsize length = strlen (word);

  if ((gsize) (r->end - r->p) < length || memcmp (r->p, word, length) != 0)
    return fail (r, N_("a value is not valid"));
  r->p += length;
  return TRUE;
}

static JsonNode *
read_object (Reader *r)
{
  JsonObject *object = json_object_new ();
  JsonNode *node;

  skip_space (r);
  if (r->p < r->end && *r->p == '}')
    {
      r->p++;
      goto done;
    }

  while (TRUE)
    {
      g_autofree char *key = NULL;
      JsonNode *member;

      skip_space (r);
      if (r->p >= r->end || *r->p != '"')
        {
          fail (r, N_("an object member has no name"));
          goto error;
        }
      r->p++;
      if ((key = read_string (r)) == NULL)
        goto error;
      skip_space (r);
      if (r->p >= r->end || *r->p != ':')
        {
          fail (r, N_("an object member has no “:”"));
          goto error;
        }
      r->p++;
      if ((member = read_value (r)) == NULL)
        goto error;
      json_object_set_member (object, key, member);

      skip_space (r);
      if (r->p < r->end && *r->p == ',')
        {
          r->p++;
          continue;
        }
      if (r->p < r->end && *r->p == '}')
        {
          r->p++;
          break;
        }
      fail (r, N_("an object is not closed"));
      goto error;
    }

done:
  node = json_node_alloc ();
  json_node_init_object (node, object);
  json_object_unref (object);
  return node;

error:
  json_object_unref (object);
  return NULL;
}

static JsonNode *
read_array (Reader *r)
{
  JsonArray *array = json_array_new ();
  JsonNode *node;

  skip_space (r);
  if (r->p < r->end && *r->p == ']')
    {
      r->p++;
      goto done;
    }

  while (TRUE)
    {
      JsonNode *element = read_value (r);

      if (element == NULL)
        goto error;
      json_array_add_element (array, element);

      skip_space (r);
      if (r->p < r->end && *r->p == ',')
        {
          r->p++;
          continue;
        }
      if (r->p < r->end && *r->p == ']')
        {
          r->p++;
          break;
        }
      fail (r, N_("a list is not closed"));
      goto error;
    }

done:
  node = json_node_alloc ();
  json_node_init_array (node, array);
  json_array_unref (array);
  return node;

error:
  json_array_unref (array);
  return NULL;
}

static JsonNode *
read_value (Reader *r)
{
  skip_space (r);
  if (r->p >= r->end)
    return fail (r, N_("a value is missing")), NULL;

  switch (*r->p)
    {
    case '{':
      r->p++;
      return read_object (r);
    case '[':
      r->p++;
      return read_array (r);
    case '"':
      {
        g_autofree char *s = NULL;
        JsonNode *node;

        r->p++;
        if ((s = read_string (r)) == NULL)
          return NULL;
        node = json_node_alloc ();
        json_node_init_string (node, s);
        return node;
      }
    case 't':
      return read_literal (r, "true") ? json_node_init_boolean (json_node_alloc (), TRUE) : NULL;
    case 'f':
      return read_literal (r, "false") ? json_node_init_boolean (json_node_alloc (), FALSE) : NULL;
    case 'n':
      return read_literal (r, "null") ? json_node_init_null (json_node_alloc ()) : NULL;
    default:
      return read_number (r);
    }
}

/*
 * Reads one JSON value from @data; anything but white space after it is an
 * error.  Errors are in the MIG_ERROR domain with the byte offset.
 */
JsonNode *
mig_json_read (const char  *data,
               gsize        length,
               GError     **error)
{
  Reader r = { data, data, data + length, NULL };
  JsonNode *root = read_value (&r);

  if (root != NULL)
    {
      skip_space (&r);
      if (r.p == r.end)
        return root;
      fail (&r, N_("there is more after the end"));
      json_node_unref (root);
    }

  {
    g_autofree char *offset = g_strdup_printf ("%" G_GSIZE_FORMAT, (gsize) (r.p - r.start));

    g_set_error (error, MIG_ERROR, MIG_ERROR_INVALID_TREE,
                 _("The form tree is not valid JSON: %s (at byte %s)"), _(r.problem), offset);
  }
  return NULL;
}

/* Whether @data nests arrays and objects more than @max_depth deep; strings
 * are skipped.  Linear, without recursion. */
gboolean
mig_json_depth_exceeds (const char *data,
                        gsize       length,
                        int         max_depth)
{
  gboolean in_string = FALSE;
  int depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            return TRUE;
        }
      else if (c == ']' || c == '}')
        depth--;
    }
  return FALSE;
}

/* Reads JSON from the network: valid UTF-8 without NUL bytes, nested at
 * most @max_depth deep, else an error. */
JsonNode *
mig_json_read_bounded (const char  *data,
                       gsize        length,
                       int          max_depth,
                       GError     **error)
{
  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The JSON text is not valid UTF-8"));
      return NULL;
    }
  if (mig_json_depth_exceeds (data, length, max_depth))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The JSON text is nested more than %d levels deep"), max_depth);
      return NULL;
    }
  return mig_json_read (data, length, error);
}

JsonObject *
mig_json_node_get_object (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

const char *
mig_json_object_get_string (JsonObject *object,
                            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gint64
mig_json_object_get_int (JsonObject *object,
                         const char *member,
                         gint64      fallback)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (node);
}

JsonObject *
mig_json_object_get_object (JsonObject *object,
                            const char *member)
{
  return object != NULL ? mig_json_node_get_object (json_object_get_member (object, member)) : NULL;
}

/* A string member no longer than @max_length bytes, else NULL. */
const char *
mig_json_object_get_short_string (JsonObject *object,
                                  const char *member,
                                  gsize       max_length)
{
  const char *value = mig_json_object_get_string (object, member);

  return value != NULL && strlen (value) <= max_length ? value : NULL;
}

/* A string member of @node, if @node is an object. */
const char *
mig_json_node_get_member_string (JsonNode   *node,
                                 const char *member)
{
  return mig_json_object_get_string (mig_json_node_get_object (node), member);
}
