/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "mig-enums.h"
#include "mig-json-reader-private.h"
#include "mig-state-private.h"
#include "mig-sync-message-private.h"

/*
 * The messages of the form synchronisation protocol, read and written.
 * Parsing checks the shape of a message only (members, their types and
 * sizes): whether the form has the widget, the property or the action,
 * and whether the sender may change it, is the engine's business.
 */

static const char * const kinds[] = {
  [MIG_SYNC_HELLO] = "hello",
  [MIG_SYNC_WELCOME] = "welcome",
  [MIG_SYNC_SET] = "set",
  [MIG_SYNC_ACTION] = "action",
  [MIG_SYNC_CHANGE_STATE] = "change-state",
  [MIG_SYNC_ACTION_STATE] = "action-state",
  [MIG_SYNC_ROLE] = "role",
  [MIG_SYNC_REQUEST_EDIT] = "request-edit",
  [MIG_SYNC_BYE] = "bye",
  [MIG_SYNC_EDIT] = "edit",
  [MIG_SYNC_EVENT] = "event",
};

void
mig_sync_message_free (MigSyncMessage *message)
{
  if (message == NULL)
    return;
  g_free (message->form);
  g_free (message->device);
  g_free (message->name);
  g_free (message->path);
  g_free (message->prop);
  g_clear_pointer (&message->value, json_node_unref);
  g_clear_pointer (&message->snapshot, json_object_unref);
  g_clear_pointer (&message->actions, json_array_unref);
  g_free (message->action);
  g_clear_pointer (&message->param, g_variant_unref);
  g_free (message->reason);
  mig_text_op_free (message->op);
  g_free (message);
}

static gboolean
invalid (GError    **error,
         const char *what,
         const char *kind)
{
  g_set_error (error, MIG_ERROR, MIG_ERROR_INVALID_MESSAGE,
               "Malformed “%s” message: %s", kind, what);
  return FALSE;
}

/* A string member of at most @max bytes, without control characters. */
static gboolean
take_string (JsonObject  *object,
             const char  *member,
             gsize        max,
             char       **out)
{
  const char *s = mig_json_object_get_short_string (object, member, max);

  if (s == NULL || *s == '\0')
    return FALSE;
  for (const char *p = s; *p != '\0'; p++)
    if ((guchar) *p < 0x20)
      return FALSE;
  *out = g_strdup (s);
  return TRUE;
}

static gboolean
get_bool (JsonObject *object,
          const char *member,
          gboolean   *out)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
get_count (JsonObject *object,
           const char *member,
           guint64    *out)
{
  JsonNode *node = json_object_get_member (object, member);
  gint64 v;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  v = json_node_get_int (node);
  if (v < 0)
    return FALSE;
  *out = (guint64) v;
  return TRUE;
}

static gboolean
get_mode (JsonObject *object,
          int        *mode)
{
  const char *s = mig_json_object_get_short_string (object, "mode", 32);

  if (g_strcmp0 (s, "exclusive") == 0)
    *mode = MIG_FORM_SYNC_EXCLUSIVE;
  else if (g_strcmp0 (s, "collaborative") == 0)
    *mode = MIG_FORM_SYNC_COLLABORATIVE;
  else
    return FALSE;
  return TRUE;
}

/* "prefix.name", as GTK's action muxer takes it, with a name GIO takes. */
gboolean
mig_sync_action_is_valid (const char *action)
{
  const char *dot = action != NULL ? strchr (action, '.') : NULL;

  if (dot == NULL || dot == action || strlen (action) > MIG_SYNC_MAX_NAME)
    return FALSE;
  for (const char *p = action; p < dot; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return g_action_name_is_valid (dot + 1);
}

static gboolean
get_variant (JsonObject *object,
             const char *member,
             GVariant  **out)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  *out = mig_state_variant_from_json (node, NULL);
  if (*out != NULL)
    g_variant_ref_sink (*out);
  return *out != NULL;
}

/* Each entry of a snapshot: path → prop → { "v": value, "c": clock, "d": device }. */
static gboolean
snapshot_is_valid (JsonObject *snapshot)
{
  JsonObjectIter iter;
  const char *path;
  JsonNode *widget;
  guint n = 0;

  json_object_iter_init (&iter, snapshot);
  while (json_object_iter_next (&iter, &path, &widget))
    {
      JsonObjectIter props;
      const char *prop;
      JsonNode *entry;

      if (++n > MIG_SYNC_MAX_SNAPSHOT || strlen (path) > MIG_SYNC_MAX_PATH || !JSON_NODE_HOLDS_OBJECT (widget))
        return FALSE;
      json_object_iter_init (&props, json_node_get_object (widget));
      while (json_object_iter_next (&props, &prop, &entry))
        {
          JsonObject *e;
          guint64 clock;
          g_autofree char *device = NULL;

          if (strlen (prop) > MIG_SYNC_MAX_NAME || !JSON_NODE_HOLDS_OBJECT (entry))
            return FALSE;
          e = json_node_get_object (entry);
          if (json_object_get_member (e, "v") == NULL || !get_count (e, "c", &clock) ||
              (clock > 0 && !take_string (e, "d", MIG_SYNC_MAX_NAME, &device)))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
actions_are_valid (JsonArray *actions)
{
  if (json_array_get_length (actions) > MIG_SYNC_MAX_ACTIONS)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (actions); i++)
    {
      JsonNode *node = json_array_get_element (actions, i);
      JsonObject *a;
      const char *type;
      gboolean enabled;
      g_autoptr(GVariant) state = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return FALSE;
      a = json_node_get_object (node);
      type = mig_json_object_get_short_string (a, "t", MIG_SYNC_MAX_NAME);
      if (!mig_sync_action_is_valid (mig_json_object_get_short_string (a, "a", MIG_SYNC_MAX_NAME)) ||
          (json_object_has_member (a, "t") && (type == NULL || !g_variant_type_string_is_valid (type))) ||
          !get_bool (a, "e", &enabled) || !get_variant (a, "s", &state))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_members (MigSyncMessage *m,
               JsonObject     *o,
               const char     *kind,
               GError        **error)
{
  JsonNode *node;

  switch (m->kind)
    {
    case MIG_SYNC_HELLO:
      if (!take_string (o, "form", MIG_SYNC_MAX_NAME, &m->form) ||
          !take_string (o, "device", MIG_SYNC_MAX_NAME, &m->device) ||
          !take_string (o, "name", MIG_SYNC_MAX_NAME, &m->name))
        return invalid (error, "it needs a form, a device and a name", kind);
      if (mig_json_object_get_int (o, "version", 0) != MIG_SYNC_PROTOCOL_VERSION)
        return invalid (error, "an unknown protocol version", kind);
      return TRUE;

    case MIG_SYNC_WELCOME:
    case MIG_SYNC_ROLE:
      if (!get_mode (o, &m->mode) || !get_bool (o, "watcher", &m->watcher))
        return invalid (error, "it needs a mode and whether the device watches", kind);
      if (json_object_has_member (o, "editor") && !take_string (o, "editor", MIG_SYNC_MAX_NAME, &m->device))
        return invalid (error, "the editor is not a device ID", kind);
      if (m->kind == MIG_SYNC_ROLE)
        return TRUE;
      if (json_object_has_member (o, "again") && !get_bool (o, "again", &m->again))
        return invalid (error, "“again” is not a boolean", kind);
      m->snapshot = mig_json_object_get_object (o, "snapshot");
      node = json_object_get_member (o, "actions");
      if (m->snapshot == NULL || node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
        return invalid (error, "it needs a snapshot and actions", kind);
      json_object_ref (m->snapshot);
      m->actions = json_array_ref (json_node_get_array (node));
      if (!snapshot_is_valid (m->snapshot))
        return invalid (error, "a snapshot entry is malformed or too large", kind);
      if (!actions_are_valid (m->actions))
        return invalid (error, "an action is malformed", kind);
      return TRUE;

    case MIG_SYNC_SET:
      if (!take_string (o, "path", MIG_SYNC_MAX_PATH, &m->path) ||
          !take_string (o, "prop", MIG_SYNC_MAX_NAME, &m->prop) ||
          !take_string (o, "device", MIG_SYNC_MAX_NAME, &m->device) ||
          !get_count (o, "clock", &m->clock) || m->clock == 0)
        return invalid (error, "it needs a path, a property, a device and a clock", kind);
      node = json_object_get_member (o, "value");
      if (node == NULL)
        return invalid (error, "it has no value", kind);
      m->value = json_node_ref (node);
      return TRUE;

    case MIG_SYNC_ACTION:
    case MIG_SYNC_CHANGE_STATE:
    case MIG_SYNC_ACTION_STATE:
      if (!take_string (o, "action", MIG_SYNC_MAX_NAME, &m->action) || !mig_sync_action_is_valid (m->action))
        return invalid (error, "it needs an action name", kind);
      if (!get_variant (o, "param", &m->param))
        return invalid (error, "its parameter is not a typed value", kind);
      if (m->kind == MIG_SYNC_CHANGE_STATE && m->param == NULL)
        return invalid (error, "it has no state", kind);
      if (m->kind == MIG_SYNC_ACTION_STATE && !get_bool (o, "enabled", &m->enabled))
        return invalid (error, "it does not say whether the action is enabled", kind);
      return TRUE;

    case MIG_SYNC_REQUEST_EDIT:
      return TRUE;

    case MIG_SYNC_EVENT:
      if (!take_string (o, "path", MIG_SYNC_MAX_PATH, &m->path))
        return invalid (error, "it needs a path", kind);
      if (!get_variant (o, "event", &m->param) || m->param == NULL)
        return invalid (error, "its event is not a typed value", kind);
      return TRUE;

    case MIG_SYNC_EDIT:
      if (!take_string (o, "path", MIG_SYNC_MAX_PATH, &m->path) ||
          !take_string (o, "prop", MIG_SYNC_MAX_NAME, &m->prop) ||
          !get_count (o, "sent", &m->sent) || !get_count (o, "seen", &m->seen))
        return invalid (error, "it needs a path, a property and its place in the sequence", kind);
      node = json_object_get_member (o, "ops");
      if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
        return invalid (error, "it has no operations", kind);
      m->op = mig_text_op_from_json (json_node_get_array (node), error);
      return m->op != NULL;

    case MIG_SYNC_BYE:
      if (json_object_has_member (o, "reason") && !take_string (o, "reason", 1024, &m->reason))
        return invalid (error, "its reason is not a line of text", kind);
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

/**
 * mig_sync_message_parse:
 *
 * Reads one message (a frame's payload).  Never trusts it: anything but a
 * well-formed message of a known kind is an error in the `MIG_ERROR`
 * domain (`MIG_ERROR_INVALID_MESSAGE`, or `MIG_ERROR_TOO_LARGE`).
 */
MigSyncMessage *
mig_sync_message_parse (const char *data,
                        gsize       length,
                        GError    **error)
{
  g_autoptr(MigSyncMessage) m = g_new0 (MigSyncMessage, 1);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *o;
  const char *kind;
  guint i;

  if (length > MIG_SYNC_MAX_MESSAGE)
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_TOO_LARGE,
                   "A synchronisation message of %" G_GSIZE_FORMAT " bytes is over the limit of %d",
                   length, MIG_SYNC_MAX_MESSAGE);
      return NULL;
    }
  root = mig_json_read_bounded (data, length, MIG_SYNC_MAX_DEPTH, NULL);
  if (root == NULL)
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_INVALID_MESSAGE,
                   "Malformed synchronisation message: not JSON, or nested deeper than %d", MIG_SYNC_MAX_DEPTH);
      return NULL;
    }
  o = mig_json_node_get_object (root);
  kind = o != NULL ? mig_json_object_get_short_string (o, "type", 32) : NULL;
  for (i = 0; kind != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (strcmp (kinds[i], kind) == 0)
      break;
  if (kind == NULL || i == G_N_ELEMENTS (kinds))
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_INVALID_MESSAGE,
                   "Not a synchronisation message of a known type");
      return NULL;
    }
  m->kind = i;
  /* One property's value: a form's, not a document's. */
  if ((m->kind == MIG_SYNC_SET || m->kind == MIG_SYNC_EDIT || m->kind == MIG_SYNC_EVENT) && length > MIG_SYNC_MAX_VALUE + 1024)
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_TOO_LARGE,
                   "A change of %" G_GSIZE_FORMAT " bytes is over the limit of %d for one value",
                   length, MIG_SYNC_MAX_VALUE);
      return NULL;
    }
  if (!parse_members (m, o, kind, error))
    return NULL;
  return g_steal_pointer (&m);
}

/* Frames a message: its length (4 bytes, big-endian), then its text. */
GBytes *
mig_sync_message_frame (JsonNode *message)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  gsize length;
  guint8 *frame;

  json_generator_set_root (generator, message);
  text = json_generator_to_data (generator, &length);
  frame = g_malloc (length + 4);
  frame[0] = (length >> 24) & 0xff;
  frame[1] = (length >> 16) & 0xff;
  frame[2] = (length >> 8) & 0xff;
  frame[3] = length & 0xff;
  memcpy (frame + 4, text, length);
  return g_bytes_new_take (frame, length + 4);
}

static JsonObject *
new_message (MigSyncKind  kind,
             JsonNode   **node)
{
  JsonObject *o = json_object_new ();

  *node = json_node_init_object (json_node_alloc (), o);
  json_object_set_string_member (o, "type", kinds[kind]);
  json_object_unref (o);
  return o;
}

JsonNode *
mig_sync_build_hello (const char *form,
                      const char *device,
                      const char *name)
{
  JsonNode *node;
  JsonObject *o = new_message (MIG_SYNC_HELLO, &node);

  json_object_set_int_member (o, "version", MIG_SYNC_PROTOCOL_VERSION);
  json_object_set_string_member (o, "form", form);
  json_object_set_string_member (o, "device", device);
  json_object_set_string_member (o, "name", name);
  return node;
}

JsonNode *
mig_sync_build_set (const char *path,
                    const char *prop,
                    JsonNode   *value,
                    guint64     clock,
                    const char *device)
{
  JsonNode *node;
  JsonObject *o = new_message (MIG_SYNC_SET, &node);

  json_object_set_string_member (o, "path", path);
  json_object_set_string_member (o, "prop", prop);
  json_object_set_member (o, "value", json_node_copy (value));
  json_object_set_int_member (o, "clock", (gint64) clock);
  json_object_set_string_member (o, "device", device);
  return node;
}

JsonNode *
mig_sync_build_action (MigSyncKind kind,
                       const char *action,
                       GVariant   *param,
                       gboolean    enabled)
{
  JsonNode *node;
  JsonObject *o = new_message (kind, &node);

  json_object_set_string_member (o, "action", action);
  if (param != NULL)
    json_object_set_member (o, "param", mig_state_variant_to_json (param));
  if (kind == MIG_SYNC_ACTION_STATE)
    json_object_set_boolean_member (o, "enabled", enabled);
  return node;
}

/* A WELCOME (the engine adds "snapshot" and "actions") or a ROLE. */
JsonNode *
mig_sync_build_role (MigSyncKind kind,
                     int         mode,
                     const char *editor,
                     gboolean    watcher)
{
  JsonNode *node;
  JsonObject *o = new_message (kind, &node);

  json_object_set_string_member (o, "mode", mode == MIG_FORM_SYNC_EXCLUSIVE ? "exclusive" : "collaborative");
  json_object_set_boolean_member (o, "watcher", watcher);
  if (editor != NULL)
    json_object_set_string_member (o, "editor", editor);
  return node;
}

JsonNode *
mig_sync_build_event (const char *path,
                      GVariant   *event)
{
  JsonNode *node;
  JsonObject *o = new_message (MIG_SYNC_EVENT, &node);

  json_object_set_string_member (o, "path", path);
  json_object_set_member (o, "event", mig_state_variant_to_json (event));
  return node;
}

JsonNode *
mig_sync_build_simple (MigSyncKind kind,
                       const char *reason)
{
  JsonNode *node;
  JsonObject *o = new_message (kind, &node);

  if (reason != NULL)
    json_object_set_string_member (o, "reason", reason);
  return node;
}
