/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <string.h>

#include "mig-form-sync-private.h"
#include "mig-json-reader-private.h"
#include "mig-json-writer-private.h"
#include "mig-stateful.h"
#include "mig-syncable.h"

/*
 * The widgets of a synchronised form: which changes are watched, how a
 * change becomes a write of its properties, and how a write from another
 * copy is checked and applied.
 */

/* What belongs to one screen, not to the form: never synchronised. */
static const char * const local_props[] = {
  "cursor", "top-item", "top-line", "top-row", "hfraction", "vfraction", "position",
};

static gboolean
is_local (const char *prop)
{
  for (guint i = 0; i < G_N_ELEMENTS (local_props); i++)
    if (strcmp (local_props[i], prop) == 0)
      return TRUE;
  return FALSE;
}

/* A text that several copies may edit at once: edits, not values, go. */
static gboolean
is_text (GtkWidget  *widget,
         const char *prop)
{
  return strcmp (prop, "text") == 0 && (GTK_IS_EDITABLE (widget) || GTK_IS_TEXT_VIEW (widget));
}

static MigTextSite *
peer_site (MigSyncPeer *peer,
           const char  *path,
           const char  *prop)
{
  g_autofree char *key = g_strconcat (path, "\n", prop, NULL);
  MigTextSite *site = g_hash_table_lookup (peer->sites, key);

  if (site == NULL)
    {
      site = mig_text_site_new ();
      g_hash_table_insert (peer->sites, g_steal_pointer (&key), site);
    }
  return site;
}

/* Sends an edit of a text to every joined peer but @except, each through
 * its own site. */
static void
send_edit (MigFormSync *self,
           MigSyncPeer *except,
           const char  *path,
           const char  *prop,
           MigTextOp   *op)
{
  for (guint i = 0; i < self->peers->len; i++)
    {
      MigSyncPeer *peer = self->peers->pdata[i];

      if (peer != except && peer->welcomed)
        mig_sync_link_send (peer->link, mig_text_site_send (peer_site (peer, path, prop), path, prop, op));
    }
}

void
mig_sync_entry_free (gpointer data)
{
  MigSyncEntry *entry = data;

  g_clear_pointer (&entry->value, json_node_unref);
  g_free (entry->device);
  g_free (entry);
}

static char *
entry_key (const char *path,
           const char *prop)
{
  return g_strconcat (path, "\n", prop, NULL);
}

static void
set_entry (MigFormSync *self,
           const char  *path,
           const char  *prop,
           JsonNode    *value,
           guint64      clock,
           const char  *device)
{
  MigSyncEntry *entry = g_new0 (MigSyncEntry, 1);

  entry->value = json_node_copy (value);
  entry->clock = clock;
  entry->device = g_strdup (device);
  g_hash_table_insert (self->entries, entry_key (path, prop), entry);
}

static MigSyncEntry *
get_entry (MigFormSync *self,
           const char  *path,
           const char  *prop)
{
  g_autofree char *key = entry_key (path, prop);

  return g_hash_table_lookup (self->entries, key);
}

/* The widget's properties now, as a checkpoint would save them. */
static JsonObject *
capture (MigSyncWidget *w)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonNode) node = NULL;
  MigJsonWriter writer;

  mig_json_writer_init (&writer, out);
  mig_json_writer_begin_object (&writer);
  mig_state_save_widget (w->widget, w->resolved, &writer);
  mig_json_writer_end_object (&writer);
  node = mig_json_read (out->str, out->len, NULL);
  g_return_val_if_fail (node != NULL && JSON_NODE_HOLDS_OBJECT (node), NULL);
  return json_object_ref (json_node_get_object (node));
}

static gboolean
flush_cb (gpointer data)
{
  MigFormSync *self = data;

  self->flush_id = 0;
  mig_form_sync_flush (self);
  return G_SOURCE_REMOVE;
}

static void
mark_dirty (MigSyncWidget *w)
{
  MigFormSync *self = w->sync;

  if (self->applying)
    return;
  g_hash_table_add (self->dirty, w);
  if (self->flush_id == 0)
    self->flush_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, flush_cb, self, NULL);
}

static void
connect_change (MigSyncWidget *w,
                gpointer       source,
                const char    *signal)
{
  gulong id;

  if (source == NULL)
    return;
  id = g_signal_connect_swapped (source, signal, G_CALLBACK (mark_dirty), w);
  g_ptr_array_add (w->sources, g_object_ref (source));
  g_array_append_val (w->handlers, id);
}

/* After an event, the widget's whole state (what a late joiner gets) is
 * taken again, without writing it: the event said it. */
static void
refresh_state (MigSyncWidget *w,
               const char    *device)
{
  g_autoptr(JsonObject) props = capture (w);
  JsonNode *state = json_object_get_member (props, "mig-state");

  if (state != NULL)
    set_entry (w->sync, w->path, "mig-state", state, ++w->sync->clock, device);
}

static void
local_event_cb (MigSyncWidget *w,
                GVariant      *event)
{
  MigFormSync *self = w->sync;

  if (self->applying || !self->synced || mig_form_sync_get_read_only (self))
    return;
  refresh_state (w, self->device_id);
  mig_form_sync_broadcast (self, NULL, mig_sync_build_event (w->path, event));
}

static GListModel *
view_model (GtkWidget *widget)
{
  if (GTK_IS_LIST_VIEW (widget))
    return G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (widget)));
  if (GTK_IS_GRID_VIEW (widget))
    return G_LIST_MODEL (gtk_grid_view_get_model (GTK_GRID_VIEW (widget)));
  if (GTK_IS_COLUMN_VIEW (widget))
    return G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (widget)));
  return NULL;
}

/* Every signal that says the captured state may have changed. */
static void
connect_changes (MigSyncWidget *w)
{
  GtkWidget *widget = w->widget;

  connect_change (w, widget, "notify");
  if (GTK_IS_TEXT_VIEW (widget))
    connect_change (w, gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), "changed");
  if (GTK_IS_RANGE (widget))
    connect_change (w, gtk_range_get_adjustment (GTK_RANGE (widget)), "value-changed");
  if (GTK_IS_SPIN_BUTTON (widget))
    connect_change (w, gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (widget)), "value-changed");
  if (view_model (widget) != NULL)
    connect_change (w, view_model (widget), "selection-changed");
  if (GTK_IS_LIST_BOX (widget))
    connect_change (w, widget, "selected-rows-changed");
  if (GTK_IS_FLOW_BOX (widget))
    connect_change (w, widget, "selected-children-changed");
  if (GTK_IS_CALENDAR (widget))
    connect_change (w, widget, "day-selected");
  if (MIG_IS_STATEFUL (widget))
    connect_change (w, widget, "state-changed");
  if (MIG_IS_SYNCABLE (widget))
    {
      gulong id = g_signal_connect_swapped (widget, "event", G_CALLBACK (local_event_cb), w);

      g_ptr_array_add (w->sources, g_object_ref (widget));
      g_array_append_val (w->handlers, id);
    }
}

static void
sync_widget_free (MigSyncWidget *w)
{
  for (guint i = 0; i < w->sources->len; i++)
    g_signal_handler_disconnect (w->sources->pdata[i], g_array_index (w->handlers, gulong, i));
  g_ptr_array_unref (w->sources);
  g_array_unref (w->handlers);
  g_clear_weak_pointer (&w->widget);
  g_free (w->path);
  g_free (w);
}

static void
watch_widget (GtkWidget              *widget,
              const char             *path,
              const MigStateResolved *resolved,
              gpointer                data)
{
  MigFormSync *self = data;
  MigSyncWidget *w = g_hash_table_lookup (self->widgets, path);
  g_autoptr(JsonObject) props = NULL;
  JsonObjectIter iter;
  const char *prop;
  JsonNode *value;

  if (w != NULL)
    {
      if (w->widget == widget)
        return;
      /* Another widget under the same path: the new one is the form's. */
      g_hash_table_remove (self->dirty, w);
      g_hash_table_remove (self->widgets, path);
      sync_widget_free (w);
    }
  w = g_new0 (MigSyncWidget, 1);
  w->sync = self;
  g_set_weak_pointer (&w->widget, widget);
  w->path = g_strdup (path);
  w->resolved = resolved;
  w->sources = g_ptr_array_new_with_free_func (g_object_unref);
  w->handlers = g_array_new (FALSE, FALSE, sizeof (gulong));
  connect_changes (w);
  g_hash_table_insert (self->widgets, w->path, w);

  props = capture (w);
  json_object_iter_init (&iter, props);
  while (json_object_iter_next (&iter, &prop, &value))
    if (!is_local (prop) && get_entry (self, path, prop) == NULL)
      set_entry (self, path, prop, value, 0, NULL);
}

/* Watches the form's widgets with state (again: widgets added since are
 * picked up, those gone are dropped). */
void
mig_form_sync_watch_widgets (MigFormSync *self)
{
  GHashTableIter iter;
  MigSyncWidget *w;

  g_hash_table_iter_init (&iter, self->widgets);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &w))
    if (w->widget == NULL)
      {
        g_hash_table_remove (self->dirty, w);
        g_hash_table_iter_remove (&iter);
        sync_widget_free (w);
      }
  mig_state_walk_scope (GTK_WIDGET (self->form), watch_widget, self);
}

void
mig_form_sync_unwatch (MigFormSync *self)
{
  GHashTableIter iter;
  MigSyncWidget *w;

  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_hash_table_remove_all (self->dirty);
  g_hash_table_iter_init (&iter, self->widgets);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &w))
    {
      g_hash_table_iter_remove (&iter);
      sync_widget_free (w);
    }
}

/* Applies @value to one property of a widget, guarded so that the change
 * it makes is not taken for the user's. */
static void
apply_value (MigFormSync   *self,
             MigSyncWidget *w,
             const char    *prop,
             JsonNode      *value)
{
  g_autoptr(JsonObject) props = json_object_new ();

  json_object_set_member (props, prop, json_node_copy (value));
  self->applying = TRUE;
  mig_state_restore_widget (w->widget, w->resolved, props);
  self->applying = FALSE;
}

/* Sends what changed in the dirty widgets; a copy that may not edit puts
 * its widgets back instead. */
void
mig_form_sync_flush (MigFormSync *self)
{
  g_autoptr(GPtrArray) dirty = g_ptr_array_new ();
  gboolean read_only = mig_form_sync_get_read_only (self);
  GHashTableIter dirty_iter;
  gpointer key;

  g_hash_table_iter_init (&dirty_iter, self->dirty);
  while (g_hash_table_iter_next (&dirty_iter, &key, NULL))
    g_ptr_array_add (dirty, key);

  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_hash_table_remove_all (self->dirty);
  for (guint i = 0; i < dirty->len; i++)
    {
      MigSyncWidget *w = dirty->pdata[i];
      g_autoptr(JsonObject) props = NULL;
      JsonObjectIter iter;
      const char *prop;
      JsonNode *value;

      if (w->widget == NULL)
        continue;
      props = capture (w);
      json_object_iter_init (&iter, props);
      while (json_object_iter_next (&iter, &prop, &value))
        {
          MigSyncEntry *entry = get_entry (self, w->path, prop);

          if (is_local (prop) || (entry != NULL && json_node_equal (entry->value, value)))
            continue;
          if (read_only && entry != NULL)
            {
              apply_value (self, w, prop, entry->value);
              continue;
            }
          if (entry != NULL && is_text (w->widget, prop) && JSON_NODE_HOLDS_VALUE (entry->value) &&
              JSON_NODE_HOLDS_VALUE (value))
            {
              g_autoptr(MigTextOp) op = mig_text_op_new_diff (json_node_get_string (entry->value),
                                                              json_node_get_string (value));

              set_entry (self, w->path, prop, value, ++self->clock, self->device_id);
              send_edit (self, NULL, w->path, prop, op);
              continue;
            }
          self->clock++;
          set_entry (self, w->path, prop, value, self->clock, self->device_id);
          mig_form_sync_broadcast (self, NULL,
                                   mig_sync_build_set (w->path, prop, value, self->clock, self->device_id));
        }
    }
}

/* Whether @incoming has the shape of @local, the widget's own value: the
 * same JSON types all the way down (numbers of either kind, null for a
 * value that may be unset), so that an adapter reads what it wrote. */
static gboolean
same_shape (JsonNode *local,
            JsonNode *incoming,
            int       depth)
{
  JsonNodeType type = JSON_NODE_TYPE (incoming);

  if (depth > MIG_SYNC_MAX_DEPTH)
    return FALSE;
  switch (JSON_NODE_TYPE (local))
    {
    case JSON_NODE_NULL:
      return type == JSON_NODE_NULL || type == JSON_NODE_VALUE;
    case JSON_NODE_VALUE:
      {
        GType a = json_node_get_value_type (local);
        GType b;

        if (type == JSON_NODE_NULL)
          return a == G_TYPE_STRING;
        if (type != JSON_NODE_VALUE)
          return FALSE;
        b = json_node_get_value_type (incoming);
        return a == b || ((a == G_TYPE_INT64 || a == G_TYPE_DOUBLE) && (b == G_TYPE_INT64 || b == G_TYPE_DOUBLE));
      }
    case JSON_NODE_OBJECT:
      {
        JsonObject *l = json_node_get_object (local);
        JsonObjectIter iter;
        const char *member;
        JsonNode *node;

        if (type != JSON_NODE_OBJECT)
          return FALSE;
        json_object_iter_init (&iter, json_node_get_object (incoming));
        while (json_object_iter_next (&iter, &member, &node))
          if (!json_object_has_member (l, member) ||
              !same_shape (json_object_get_member (l, member), node, depth + 1))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *l = json_node_get_array (local);
        JsonArray *in;

        if (type != JSON_NODE_ARRAY)
          return FALSE;
        in = json_node_get_array (incoming);
        for (guint i = 0; i < json_array_get_length (in); i++)
          {
            JsonNode *e = json_array_get_element (in, i);

            if (json_array_get_length (l) > 0
                ? !same_shape (json_array_get_element (l, 0), e, depth + 1)
                : JSON_NODE_TYPE (e) == JSON_NODE_OBJECT)
              return FALSE;
          }
        return TRUE;
      }
    default:
      return FALSE;
    }
}

/* A custom widget's state: a typed value of the type it saves. */
static gboolean
same_variant_type (JsonNode *local,
                   JsonNode *incoming)
{
  g_autoptr(GVariant) variant = NULL;
  const char *local_type = mig_json_node_get_member_string (local, "type");

  if (local_type == NULL || g_strcmp0 (local_type, mig_json_node_get_member_string (incoming, "type")) != 0)
    return FALSE;
  variant = mig_state_variant_from_json (incoming, NULL);
  return variant != NULL;
}

static gboolean
check_value (MigSyncWidget *w,
             const char    *prop,
             JsonNode      *value,
             GError       **error)
{
  g_autoptr(JsonObject) props = NULL;
  JsonNode *local;

  if (is_local (prop))
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_INVALID_MESSAGE,
                   "“%s” of “%s” belongs to one screen and is not synchronised", prop, w->path);
      return FALSE;
    }
  props = capture (w);
  local = json_object_get_member (props, prop);
  if (local == NULL)
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_INVALID_MESSAGE,
                   "The %s “%s” has no property “%s”", G_OBJECT_TYPE_NAME (w->widget), w->path, prop);
      return FALSE;
    }
  if (strcmp (prop, "mig-state") == 0 ? !same_variant_type (local, value) : !same_shape (local, value, 0))
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_INVALID_MESSAGE,
                   "A value of the wrong type for “%s” of “%s”", prop, w->path);
      return FALSE;
    }
  return TRUE;
}

static MigSyncWidget *
find_widget (MigFormSync *self,
             const char  *path,
             GError     **error)
{
  MigSyncWidget *w = g_hash_table_lookup (self->widgets, path);

  if (w == NULL || w->widget == NULL)
    {
      /* A widget added to the form since it was last walked. */
      mig_form_sync_watch_widgets (self);
      w = g_hash_table_lookup (self->widgets, path);
    }
  if (w == NULL || w->widget == NULL)
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_INVALID_MESSAGE, "The form has no widget “%s”", path);
      return NULL;
    }
  return w;
}

/* A write from another copy: checked, then applied if it is the last
 * write (FALSE without an error when an earlier one is older). */
gboolean
mig_form_sync_apply_set (MigFormSync *self,
                         const char  *path,
                         const char  *prop,
                         JsonNode    *value,
                         guint64      clock,
                         const char  *device,
                         GError     **error)
{
  MigSyncWidget *w = find_widget (self, path, error);
  MigSyncEntry *entry;

  if (w == NULL || !check_value (w, prop, value, error))
    return FALSE;
  if (is_text (w->widget, prop))
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_INVALID_MESSAGE,
                   "“%s” of “%s” is a text: it is edited, not set", prop, path);
      return FALSE;
    }

  /* Whatever the user changed here meanwhile is written first. */
  if (g_hash_table_contains (self->dirty, w))
    mig_form_sync_flush (self);
  entry = get_entry (self, path, prop);
  self->clock = MAX (self->clock, clock);
  if (entry != NULL &&
      (entry->clock > clock || (entry->clock == clock && g_strcmp0 (entry->device, device) >= 0)))
    return FALSE;
  apply_value (self, w, prop, value);
  set_entry (self, path, prop, value, clock, device);
  return TRUE;
}

/* An edit of a text from @peer: transformed against what this end sent
 * that the peer had not seen, applied as edits of the widget, and (at
 * home) sent on to the other copies. */
void
mig_form_sync_apply_edit (MigFormSync    *self,
                          MigSyncPeer    *peer,
                          MigSyncMessage *m)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MigTextOp) op = NULL;
  g_autoptr(JsonNode) value = NULL;
  g_autofree char *text = NULL;
  MigSyncWidget *w = find_widget (self, m->path, &error);
  MigSyncEntry *entry;

  if (w == NULL)
    {
      mig_form_sync_refuse (self, peer, "%s", error->message);
      return;
    }
  if (!is_text (w->widget, m->prop))
    {
      mig_form_sync_refuse (self, peer, "An edit of “%s” of “%s”, which is not a text", m->prop, m->path);
      return;
    }
  /* What the user typed here meanwhile goes first, as an edit of ours. */
  if (g_hash_table_contains (self->dirty, w))
    mig_form_sync_flush (self);
  entry = get_entry (self, m->path, m->prop);
  op = mig_text_site_receive (peer_site (peer, m->path, m->prop), m->op, m->sent, m->seen, !self->home, &error);
  if (op == NULL)
    {
      mig_form_sync_refuse (self, peer, "%s", error->message);
      return;
    }
  text = entry != NULL && JSON_NODE_HOLDS_VALUE (entry->value) ? mig_text_op_apply (op, json_node_get_string (entry->value))
                                                               : NULL;
  if (text == NULL)
    {
      mig_form_sync_refuse (self, peer, "An edit of “%s” that does not fit its text", m->path);
      return;
    }
  self->applying = TRUE;
  mig_text_op_apply_widget (op, w->widget);
  self->applying = FALSE;
  value = json_node_init_string (json_node_alloc (), text);
  set_entry (self, m->path, m->prop, value, ++self->clock, peer->device);
  if (self->home)
    send_edit (self, peer, m->path, m->prop, op);
}

/* A step another copy made, in the home's order: applied here, and (at
 * home) sent on to the other copies. */
void
mig_form_sync_apply_event (MigFormSync    *self,
                           MigSyncPeer    *peer,
                           MigSyncMessage *m)
{
  g_autoptr(GError) error = NULL;
  MigSyncWidget *w = find_widget (self, m->path, &error);
  gboolean applied;

  if (w == NULL)
    {
      mig_form_sync_refuse (self, peer, "%s", error->message);
      return;
    }
  if (!MIG_IS_SYNCABLE (w->widget))
    {
      mig_form_sync_refuse (self, peer, "An event for “%s”, which takes none", m->path);
      return;
    }
  self->applying = TRUE;
  applied = mig_syncable_apply_event (MIG_SYNCABLE (w->widget), m->param, &error);
  self->applying = FALSE;
  if (!applied)
    {
      mig_form_sync_refuse (self, peer, "An event for “%s” that does not fit: %s", m->path, error->message);
      return;
    }
  g_hash_table_remove (self->dirty, w);
  refresh_state (w, peer->device);
  if (self->home)
    mig_form_sync_broadcast (self, peer, mig_sync_build_event (m->path, m->param));
}

/* A copy starts from the home's form: every entry, whatever its clock. */
void
mig_form_sync_apply_snapshot (MigFormSync *self,
                              JsonObject  *snapshot,
                              MigSyncPeer *from)
{
  JsonObjectIter iter;
  const char *path;
  JsonNode *props;

  self->applying = TRUE;
  mig_form_sync_watch_widgets (self);
  self->applying = FALSE;
  json_object_iter_init (&iter, snapshot);
  while (json_object_iter_next (&iter, &path, &props))
    {
      g_autoptr(GError) error = NULL;
      MigSyncWidget *w = find_widget (self, path, &error);
      JsonObjectIter piter;
      const char *prop;
      JsonNode *entry;

      if (w == NULL)
        {
          mig_form_sync_refuse (self, from, "%s", error->message);
          continue;
        }
      json_object_iter_init (&piter, json_node_get_object (props));
      while (json_object_iter_next (&piter, &prop, &entry))
        {
          JsonObject *e = json_node_get_object (entry);
          JsonNode *value = json_object_get_member (e, "v");
          guint64 clock = json_object_get_int_member (e, "c");

          if (!check_value (w, prop, value, &error))
            {
              mig_form_sync_refuse (self, from, "%s", error->message);
              g_clear_error (&error);
              continue;
            }
          apply_value (self, w, prop, value);
          set_entry (self, path, prop, value, clock,
                     clock > 0 ? json_object_get_string_member (e, "d") : NULL);
          self->clock = MAX (self->clock, clock);
        }
    }
  g_hash_table_remove_all (self->dirty);
}

JsonNode *
mig_form_sync_build_snapshot (MigFormSync *self)
{
  g_autoptr(JsonObject) snapshot = json_object_new ();
  GHashTableIter iter;
  const char *key;
  MigSyncEntry *entry;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, (gpointer *) &entry))
    {
      const char *nl = strchr (key, '\n');
      g_autofree char *path = g_strndup (key, nl - key);
      JsonObject *props = mig_json_get_object (snapshot, path);
      JsonObject *e = json_object_new ();

      if (props == NULL)
        {
          props = json_object_new ();
          json_object_set_object_member (snapshot, path, props);
        }
      json_object_set_member (e, "v", json_node_copy (entry->value));
      json_object_set_int_member (e, "c", (gint64) entry->clock);
      if (entry->device != NULL)
        json_object_set_string_member (e, "d", entry->device);
      json_object_set_object_member (props, nl + 1, e);
    }
  return json_node_init_object (json_node_alloc (), snapshot);
}

/* A form that may not be edited here is insensitive: the user sees it
 * follow, and assistive technologies say it cannot be changed. */
void
mig_form_sync_update_sensitivity (MigFormSync *self)
{
  gboolean sensitive = !mig_form_sync_get_read_only (self);
  GtkWidget *content = self->form != NULL ? mig_form_get_child (self->form) : NULL;
  GtkRoot *root;
  GtkWidget *focus;

  /* The content, not the form: what the form shows in its place while it
   * is away (a button to bring it back) stays usable. */
  if (content == NULL || gtk_widget_get_sensitive (content) == sensitive)
    return;
  /* The focus leaves first, as a focus change: a text that lost it to
   * insensitivity would go on blinking its cursor. */
  root = gtk_widget_get_root (GTK_WIDGET (self->form));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  if (!sensitive && focus != NULL && gtk_widget_is_ancestor (focus, content))
    gtk_root_set_focus (root, NULL);
  gtk_widget_set_sensitive (content, sensitive);
}
