/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <string.h>

#include "mig-enums.h"
#include "mig-sync-message-private.h"
#include "mig-sync-text-private.h"

/*
 * Operations on a text, after the model of operational transformation
 * with a central site (Jupiter; Nichols et al., 1995): each copy and the
 * home form a pair of sites; an operation one end sent that the other had
 * not seen when it sent its own is transformed against it, the home's
 * insertion going first where both insert at one place.  Every copy ends
 * with the same text, holding every edit.
 */

#define MAX_COMPONENTS 10000

typedef enum { RETAIN, INSERT, DELETE } Kind;

typedef struct
{
  Kind   kind;
  gsize  n;        /* characters retained, deleted or inserted */
  char  *text;     /* INSERT */
} Component;

struct _MigTextOp
{
  GArray *components;
};

static void
component_clear (gpointer data)
{
  g_free (((Component *) data)->text);
}

static MigTextOp *
op_new (void)
{
  MigTextOp *op = g_new0 (MigTextOp, 1);

  op->components = g_array_new (FALSE, FALSE, sizeof (Component));
  g_array_set_clear_func (op->components, component_clear);
  return op;
}

void
mig_text_op_free (MigTextOp *op)
{
  if (op == NULL)
    return;
  g_array_unref (op->components);
  g_free (op);
}

static Component *
last (MigTextOp *op)
{
  return op->components->len > 0 ? &g_array_index (op->components, Component, op->components->len - 1) : NULL;
}

static void
op_retain (MigTextOp *op,
           gsize      n)
{
  Component *l = last (op);
  Component c = { RETAIN, n, NULL };

  if (n == 0)
    return;
  if (l != NULL && l->kind == RETAIN)
    l->n += n;
  else
    g_array_append_val (op->components, c);
}

static void
op_delete (MigTextOp *op,
           gsize      n)
{
  Component *l = last (op);
  Component c = { DELETE, n, NULL };

  if (n == 0)
    return;
  if (l != NULL && l->kind == DELETE)
    l->n += n;
  else
    g_array_append_val (op->components, c);
}

/* Insertions go before a deletion at the same place: one form for one
 * edit. */
static void
op_insert (MigTextOp  *op,
           const char *text,
           gssize      bytes)
{
  Component *l = last (op);
  Component c = { INSERT, 0, NULL };

  if (bytes < 0)
    bytes = strlen (text);
  if (bytes == 0)
    return;
  c.text = g_strndup (text, bytes);
  if (l != NULL && l->kind == INSERT)
    {
      char *joined = g_strconcat (l->text, c.text, NULL);

      g_free (l->text);
      l->text = joined;
      l->n += g_utf8_strlen (c.text, -1);
      g_free (c.text);
      return;
    }
  c.n = g_utf8_strlen (c.text, -1);
  if (l != NULL && l->kind == DELETE)
    {
      Component *before = op->components->len > 1
                          ? &g_array_index (op->components, Component, op->components->len - 2) : NULL;

      if (before != NULL && before->kind == INSERT)
        {
          char *joined = g_strconcat (before->text, c.text, NULL);

          g_free (before->text);
          before->text = joined;
          before->n += c.n;
          g_free (c.text);
          return;
        }
      g_array_insert_val (op->components, op->components->len - 1, c);
      return;
    }
  g_array_append_val (op->components, c);
}

MigTextOp *
mig_text_op_copy (MigTextOp *op)
{
  MigTextOp *copy = op_new ();

  for (guint i = 0; i < op->components->len; i++)
    {
      Component c = g_array_index (op->components, Component, i);

      c.text = g_strdup (c.text);
      g_array_append_val (copy->components, c);
    }
  return copy;
}

gboolean
mig_text_op_is_noop (MigTextOp *op)
{
  for (guint i = 0; i < op->components->len; i++)
    if (g_array_index (op->components, Component, i).kind != RETAIN)
      return FALSE;
  return TRUE;
}

gsize
mig_text_op_base_length (MigTextOp *op)
{
  gsize n = 0;

  for (guint i = 0; i < op->components->len; i++)
    {
      Component *c = &g_array_index (op->components, Component, i);

      if (c->kind != INSERT)
        n += c->n;
    }
  return n;
}

/* The edit that turns @before into @after: what lies between their
 * common start and their common end is replaced. */
MigTextOp *
mig_text_op_new_diff (const char *before,
                      const char *after)
{
  MigTextOp *op = op_new ();
  const char *b = before, *a = after;
  const char *b_end = before + strlen (before), *a_end = after + strlen (after);
  gsize prefix = 0, suffix = 0;

  while (*b != '\0' && *a != '\0' && g_utf8_get_char (b) == g_utf8_get_char (a))
    {
      b = g_utf8_next_char (b);
      a = g_utf8_next_char (a);
      prefix++;
    }
  while (b_end > b && a_end > a)
    {
      const char *pb = g_utf8_prev_char (b_end), *pa = g_utf8_prev_char (a_end);

      if (g_utf8_get_char (pb) != g_utf8_get_char (pa))
        break;
      b_end = pb;
      a_end = pa;
      suffix++;
    }
  op_retain (op, prefix);
  op_insert (op, a, a_end - a);
  op_delete (op, g_utf8_strlen (b, b_end - b));
  op_retain (op, suffix);
  return op;
}

MigTextOp *
mig_text_op_from_json (JsonArray  *array,
                       GError    **error)
{
  g_autoptr(MigTextOp) op = op_new ();
  guint n = json_array_get_length (array);

  if (n > MAX_COMPONENTS)
    goto invalid;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      GType type;

      if (!JSON_NODE_HOLDS_VALUE (node))
        goto invalid;
      type = json_node_get_value_type (node);
      if (type == G_TYPE_INT64)
        {
          gint64 v = json_node_get_int (node);

          if (v == 0 || v > MIG_SYNC_MAX_VALUE || v < -MIG_SYNC_MAX_VALUE)
            goto invalid;
          if (v > 0)
            op_retain (op, v);
          else
            op_delete (op, -v);
        }
      else if (type == G_TYPE_STRING && *json_node_get_string (node) != '\0')
        op_insert (op, json_node_get_string (node), -1);
      else
        goto invalid;
    }
  return g_steal_pointer (&op);

invalid:
  g_set_error (error, MIG_ERROR, MIG_ERROR_INVALID_MESSAGE,
               "An edit of a text is not a list of retained (n), inserted (\"…\") and deleted (-n) characters");
  return NULL;
}

JsonNode *
mig_text_op_to_json (MigTextOp *op)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < op->components->len; i++)
    {
      Component *c = &g_array_index (op->components, Component, i);

      if (c->kind == INSERT)
        json_array_add_string_element (array, c->text);
      else
        json_array_add_int_element (array, c->kind == RETAIN ? (gint64) c->n : -(gint64) c->n);
    }
  return json_node_init_array (json_node_alloc (), array);
}

/* NULL when @op does not fit @text. */
char *
mig_text_op_apply (MigTextOp  *op,
                   const char *text)
{
  GString *out = g_string_new (NULL);
  const char *p = text;

  if (mig_text_op_base_length (op) != (gsize) g_utf8_strlen (text, -1))
    return (g_string_free (out, TRUE), NULL);
  for (guint i = 0; i < op->components->len; i++)
    {
      Component *c = &g_array_index (op->components, Component, i);
      const char *end = c->kind == INSERT ? p : g_utf8_offset_to_pointer (p, c->n);

      if (c->kind == RETAIN)
        g_string_append_len (out, p, end - p);
      else if (c->kind == INSERT)
        g_string_append (out, c->text);
      p = end;
    }
  g_string_append (out, p);
  return g_string_free (out, FALSE);
}

/* Applies @op as edits of the widget's text, not as a new text, so that
 * the user's cursor and selection there move with the text around them. */
void
mig_text_op_apply_widget (MigTextOp *op,
                          GtkWidget *widget)
{
  GtkTextBuffer *buffer = GTK_IS_TEXT_VIEW (widget) ? gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)) : NULL;
  int pos = 0;

  for (guint i = 0; i < op->components->len; i++)
    {
      Component *c = &g_array_index (op->components, Component, i);

      if (c->kind == RETAIN)
        pos += c->n;
      else if (buffer != NULL)
        {
          GtkTextIter start, end;

          gtk_text_buffer_get_iter_at_offset (buffer, &start, pos);
          if (c->kind == INSERT)
            {
              gtk_text_buffer_insert (buffer, &start, c->text, -1);
              pos += c->n;
            }
          else
            {
              gtk_text_buffer_get_iter_at_offset (buffer, &end, pos + c->n);
              gtk_text_buffer_delete (buffer, &start, &end);
            }
        }
      else if (c->kind == INSERT)
        {
          gtk_editable_insert_text (GTK_EDITABLE (widget), c->text, -1, &pos);
        }
      else
        gtk_editable_delete_text (GTK_EDITABLE (widget), pos, pos + c->n);
    }
}

/* Walks the components of an operation, taking part of one at a time. */
typedef struct
{
  MigTextOp *op;
  guint      index;
  Component  current;   /* what is left of the component at index */
  gboolean   done;
} Cursor;

static void
cursor_next (Cursor *c)
{
  if (c->index < c->op->components->len)
    {
      c->current = g_array_index (c->op->components, Component, c->index++);
      c->done = FALSE;
    }
  else
    c->done = TRUE;
}

static void
cursor_init (Cursor    *c,
             MigTextOp *op)
{
  c->op = op;
  c->index = 0;
  cursor_next (c);
}

/* Takes @n characters of the current component. */
static void
cursor_take (Cursor *c,
             gsize   n)
{
  if (c->current.n == n)
    cursor_next (c);
  else
    c->current.n -= n;
}

/*
 * Given @first and @second, made on the same text, makes @first_out (which
 * does @first after @second) and @second_out (which does @second after
 * @first): both orders end with the same text.  Where both insert at one
 * place, @first's insertion comes first.  FALSE if they were not made on
 * texts of one length.
 */
gboolean
mig_text_op_transform (MigTextOp  *first,
                       MigTextOp  *second,
                       MigTextOp **first_out,
                       MigTextOp **second_out)
{
  g_autoptr(MigTextOp) a = op_new ();
  g_autoptr(MigTextOp) b = op_new ();
  Cursor c1 = { 0, }, c2 = { 0, };

  if (mig_text_op_base_length (first) != mig_text_op_base_length (second))
    return FALSE;
  cursor_init (&c1, first);
  cursor_init (&c2, second);
  while (!c1.done || !c2.done)
    {
      gsize n;

      if (!c1.done && c1.current.kind == INSERT)
        {
          op_insert (a, c1.current.text, -1);
          op_retain (b, c1.current.n);
          cursor_next (&c1);
          continue;
        }
      if (!c2.done && c2.current.kind == INSERT)
        {
          op_retain (a, c2.current.n);
          op_insert (b, c2.current.text, -1);
          cursor_next (&c2);
          continue;
        }
      if (c1.done || c2.done)
        return FALSE;
      n = MIN (c1.current.n, c2.current.n);
      if (c1.current.kind == RETAIN && c2.current.kind == RETAIN)
        {
          op_retain (a, n);
          op_retain (b, n);
        }
      else if (c1.current.kind == DELETE && c2.current.kind == RETAIN)
        op_delete (a, n);
      else if (c1.current.kind == RETAIN && c2.current.kind == DELETE)
        op_delete (b, n);
      /* Both delete it: it is gone for both. */
      cursor_take (&c1, n);
      cursor_take (&c2, n);
    }
  *first_out = g_steal_pointer (&a);
  *second_out = g_steal_pointer (&b);
  return TRUE;
}

/* ---- One end of a pair of sites ---- */

typedef struct
{
  MigTextOp *op;
  guint64    index;
} Outgoing;

static void
outgoing_free (gpointer data)
{
  Outgoing *o = data;

  mig_text_op_free (o->op);
  g_free (o);
}

MigTextSite *
mig_text_site_new (void)
{
  MigTextSite *site = g_new0 (MigTextSite, 1);

  g_queue_init (&site->outgoing);
  return site;
}

void
mig_text_site_free (MigTextSite *site)
{
  if (site == NULL)
    return;
  g_queue_clear_full (&site->outgoing, outgoing_free);
  g_free (site);
}

/* The "edit" message that sends @op, made here, to the other end. */
JsonNode *
mig_text_site_send (MigTextSite *site,
                    const char  *path,
                    const char  *prop,
                    MigTextOp   *op)
{
  JsonObject *o = json_object_new ();
  Outgoing *out = g_new0 (Outgoing, 1);

  json_object_set_string_member (o, "type", "edit");
  json_object_set_string_member (o, "path", path);
  json_object_set_string_member (o, "prop", prop);
  json_object_set_member (o, "ops", mig_text_op_to_json (op));
  json_object_set_int_member (o, "sent", (gint64) site->sent);
  json_object_set_int_member (o, "seen", (gint64) site->received);
  out->op = mig_text_op_copy (op);
  out->index = site->sent++;
  g_queue_push_tail (&site->outgoing, out);
  return json_node_init_object (json_node_alloc (), o);
}

/*
 * The other end's operation @op, the @sent-th it sent, made when it had
 * seen @seen of ours: transformed against ours it had not seen, it is
 * returned to apply here.  @theirs_first: the other end is the home, whose
 * insertions go first.
 */
MigTextOp *
mig_text_site_receive (MigTextSite *site,
                       MigTextOp   *op,
                       guint64      sent,
                       guint64      seen,
                       gboolean     theirs_first,
                       GError     **error)
{
  g_autoptr(MigTextOp) result = mig_text_op_copy (op);

  if (sent != site->received || seen > site->sent)
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_INVALID_MESSAGE,
                   "An edit out of order: it is the %" G_GUINT64_FORMAT "th, after %" G_GUINT64_FORMAT
                   " of ours; %" G_GUINT64_FORMAT " were expected, after at most %" G_GUINT64_FORMAT,
                   sent, seen, site->received, site->sent);
      return NULL;
    }
  while (!g_queue_is_empty (&site->outgoing) && ((Outgoing *) g_queue_peek_head (&site->outgoing))->index < seen)
    outgoing_free (g_queue_pop_head (&site->outgoing));
  for (GList *l = site->outgoing.head; l != NULL; l = l->next)
    {
      Outgoing *o = l->data;
      MigTextOp *theirs = NULL, *ours = NULL;
      gboolean ok = theirs_first ? mig_text_op_transform (result, o->op, &theirs, &ours)
                                 : mig_text_op_transform (o->op, result, &ours, &theirs);

      if (!ok)
        {
          g_set_error (error, MIG_ERROR, MIG_ERROR_INVALID_MESSAGE,
                       "An edit of a text of another length than the one it was made on");
          return NULL;
        }
      mig_text_op_free (result);
      result = theirs;
      mig_text_op_free (o->op);
      o->op = ours;
    }
  site->received++;
  return g_steal_pointer (&result);
}
