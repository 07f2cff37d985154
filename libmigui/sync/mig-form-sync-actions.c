/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <string.h>

#include "mig-form-sync-private.h"

/*
 * Actions go home.  The home lists the actions its form can reach (`app.`,
 * `win.` and shared groups) with their parameter type, whether they are
 * enabled and their state; a copy makes a stand-in for each, inserted on
 * its form, whose activation is sent home and run there.  Enabled and state
 * changes at home flow to the stand-ins.
 */

static JsonNode *
describe (const char   *prefix,
          GActionGroup *group,
          const char   *name)
{
  g_autofree char *full = g_strconcat (prefix, ".", name, NULL);
  const GVariantType *type = NULL;
  g_autoptr(GVariant) state = NULL;
  gboolean enabled = FALSE;
  JsonObject *o = json_object_new ();

  /* Listed by the group a moment ago: it has it. */
  if (!g_action_group_query_action (group, name, &enabled, &type, NULL, NULL, &state))
    enabled = FALSE;
  json_object_set_string_member (o, "a", full);
  if (type != NULL)
    {
      g_autofree char *type_string = g_variant_type_dup_string (type);

      json_object_set_string_member (o, "t", type_string);
    }
  json_object_set_boolean_member (o, "e", enabled);
  if (state != NULL)
    json_object_set_member (o, "s", mig_state_variant_to_json (state));
  return json_node_init_object (json_node_alloc (), o);
}

JsonNode *
mig_form_sync_build_actions (MigFormSync *self)
{
  JsonArray *array = json_array_new ();
  GHashTableIter iter;
  const char *prefix;
  GActionGroup *group;

  g_hash_table_iter_init (&iter, self->groups);
  while (g_hash_table_iter_next (&iter, (gpointer *) &prefix, (gpointer *) &group))
    {
      g_auto(GStrv) names = g_action_group_list_actions (group);

      for (guint i = 0; names[i] != NULL && json_array_get_length (array) < MIG_SYNC_MAX_ACTIONS; i++)
        json_array_add_element (array, describe (prefix, group, names[i]));
    }
  return json_node_init_array (json_node_alloc (), array);
}

static const char *
group_prefix (MigFormSync  *self,
              GActionGroup *group)
{
  GHashTableIter iter;
  const char *prefix;
  GActionGroup *g;

  g_hash_table_iter_init (&iter, self->groups);
  while (g_hash_table_iter_next (&iter, (gpointer *) &prefix, (gpointer *) &g))
    if (g == group)
      return prefix;
  return NULL;
}

static void
send_action_state (MigFormSync  *self,
                   GActionGroup *group,
                   const char   *name)
{
  const char *prefix = group_prefix (self, group);
  g_autofree char *full = NULL;
  g_autoptr(GVariant) state = NULL;
  gboolean enabled = FALSE;

  if (prefix == NULL || !g_action_group_query_action (group, name, &enabled, NULL, NULL, NULL, &state))
    return;
  full = g_strconcat (prefix, ".", name, NULL);
  mig_form_sync_broadcast (self, NULL, mig_sync_build_action (MIG_SYNC_ACTION_STATE, full, state, enabled));
}

static void
enabled_changed_cb (GActionGroup *group,
                    const char   *name,
                    gboolean      enabled,
                    MigFormSync  *self)
{
  send_action_state (self, group, name);
}

static void
state_changed_cb (GActionGroup *group,
                  const char   *name,
                  GVariant     *state,
                  MigFormSync  *self)
{
  send_action_state (self, group, name);
}

static void
connect_group (MigFormSync  *self,
               GActionGroup *group)
{
  const char * const signals[] = { "action-enabled-changed", "action-state-changed" };
  GCallback callbacks[] = { G_CALLBACK (enabled_changed_cb), G_CALLBACK (state_changed_cb) };

  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    {
      MigSyncHandler *h = g_new0 (MigSyncHandler, 1);

      g_ptr_array_add (self->group_handlers, h);
      h->id = g_signal_connect (group, signals[i], callbacks[i], self);
      g_set_weak_pointer (&h->source, G_OBJECT (group));
    }
}

/* Home: the groups the form's widgets reach, watched for changes. */
void
mig_form_sync_watch_actions (MigFormSync *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self->form));
  GHashTableIter iter;
  GActionGroup *group;

  if (GTK_IS_WINDOW (root))
    {
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (root));

      if (app != NULL && !g_hash_table_contains (self->groups, "app"))
        g_hash_table_insert (self->groups, g_strdup ("app"), app);
      if (G_IS_ACTION_GROUP (root) && !g_hash_table_contains (self->groups, "win"))
        g_hash_table_insert (self->groups, g_strdup ("win"), root);
    }
  g_hash_table_iter_init (&iter, self->groups);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &group))
    connect_group (self, group);
}

void
mig_form_sync_unwatch_actions (MigFormSync *self)
{
  for (guint i = 0; i < self->group_handlers->len; i++)
    {
      MigSyncHandler *h = self->group_handlers->pdata[i];

      if (h->source != NULL)
        g_signal_handler_disconnect (h->source, h->id);
      g_clear_weak_pointer (&h->source);
      g_free (h);
    }
  g_ptr_array_set_size (self->group_handlers, 0);
}

/* Remote: a stand-in's activation, or a change of its state, goes home. */
static void
proxy_activate_cb (GSimpleAction *action,
                   GVariant      *param,
                   MigFormSync   *self)
{
  MigSyncPeer *home = self->peers->len > 0 ? self->peers->pdata[0] : NULL;

  if (home != NULL && self->synced)
    mig_sync_link_send (home->link, mig_sync_build_action (MIG_SYNC_ACTION,
                                                           g_object_get_data (G_OBJECT (action), "mig-action"),
                                                           param, FALSE));
}

static void
proxy_change_state_cb (GSimpleAction *action,
                       GVariant      *state,
                       MigFormSync   *self)
{
  MigSyncPeer *home = self->peers->len > 0 ? self->peers->pdata[0] : NULL;

  if (home != NULL && self->synced)
    mig_sync_link_send (home->link, mig_sync_build_action (MIG_SYNC_CHANGE_STATE,
                                                           g_object_get_data (G_OBJECT (action), "mig-action"),
                                                           state, FALSE));
}

void
mig_form_sync_make_proxies (MigFormSync *self,
                            JsonArray   *actions)
{
  gboolean inserted = FALSE;
  GtkWidget *child;

  for (guint i = 0; i < json_array_get_length (actions); i++)
    {
      JsonObject *a = json_array_get_object_element (actions, i);
      const char *full = json_object_get_string_member (a, "a");
      const char *type = json_object_get_string_member_with_default (a, "t", NULL);
      const char *dot = strchr (full, '.');
      g_autofree char *prefix = g_strndup (full, dot - full);
      g_autoptr(GVariantType) param_type = type != NULL ? g_variant_type_new (type) : NULL;
      g_autoptr(GVariant) state = NULL;
      GSimpleActionGroup *group = g_hash_table_lookup (self->groups, prefix);
      GSimpleAction *action;

      if (json_object_has_member (a, "s") && !json_object_get_null_member (a, "s"))
        state = g_variant_ref_sink (mig_state_variant_from_json (json_object_get_member (a, "s"), NULL));
      if (group == NULL)
        {
          group = g_simple_action_group_new ();
          g_ptr_array_add (self->owned_groups, group);
          g_hash_table_insert (self->groups, g_strdup (prefix), group);
          gtk_widget_insert_action_group (GTK_WIDGET (self->form), prefix, G_ACTION_GROUP (group));
          inserted = TRUE;
        }
      action = state != NULL ? g_simple_action_new_stateful (dot + 1, param_type, state)
                             : g_simple_action_new (dot + 1, param_type);
      g_object_set_data_full (G_OBJECT (action), "mig-action", g_strdup (full), g_free);
      g_simple_action_set_enabled (action, json_object_get_boolean_member (a, "e"));
      g_signal_connect (action, "activate", G_CALLBACK (proxy_activate_cb), self);
      g_signal_connect (action, "change-state", G_CALLBACK (proxy_change_state_cb), self);
      g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
      g_object_unref (action);
    }

  /* GTK 4.8 links a widget's actions to those of its ancestors when it
   * is put in its parent, not when an ancestor gets a group later: the
   * form's content is put back so that its buttons find the stand-ins. */
  child = mig_form_get_child (self->form);
  if (inserted && child != NULL)
    {
      g_object_ref (child);
      mig_form_set_child (self->form, NULL);
      mig_form_set_child (self->form, child);
      g_object_unref (child);
    }
}

static gboolean
split_action (MigFormSync   *self,
              const char    *full,
              GActionGroup **group,
              const char   **name)
{
  const char *dot = strchr (full, '.');
  g_autofree char *prefix = g_strndup (full, dot - full);

  *group = g_hash_table_lookup (self->groups, prefix);
  *name = dot + 1;
  return *group != NULL && g_action_group_has_action (*group, *name);
}

void
mig_form_sync_handle_action (MigFormSync    *self,
                             MigSyncPeer    *peer,
                             MigSyncMessage *m)
{
  GActionGroup *group;
  const char *name;
  const GVariantType *param_type = NULL;
  g_autoptr(GVariant) state = NULL;
  gboolean enabled = FALSE;

  if (!split_action (self, m->action, &group, &name) ||
      !g_action_group_query_action (group, name, &enabled, &param_type, NULL, NULL, &state))
    {
      mig_form_sync_refuse (self, peer, "The form has no action “%s”", m->action);
      return;
    }

  if (m->kind == MIG_SYNC_ACTION_STATE)
    {
      GSimpleAction *action = G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (group), name));

      if ((state == NULL) != (m->param == NULL) ||
          (state != NULL && !g_variant_is_of_type (m->param, g_variant_get_type (state))))
        {
          mig_form_sync_refuse (self, peer, "A state of the wrong type for “%s”", m->action);
          return;
        }
      g_simple_action_set_enabled (action, m->enabled);
      if (m->param != NULL)
        g_simple_action_set_state (action, m->param);
      return;
    }

  if (!mig_form_sync_peer_may_edit (self, peer) || !enabled)
    {
      mig_form_sync_refuse (self, peer, "“%s”, which the device may not run now", m->action);
      return;
    }
  if (m->kind == MIG_SYNC_ACTION)
    {
      if ((param_type == NULL) != (m->param == NULL) ||
          (param_type != NULL && !g_variant_is_of_type (m->param, param_type)))
        {
          mig_form_sync_refuse (self, peer, "A parameter of the wrong type for “%s”", m->action);
          return;
        }
      g_action_group_activate_action (group, name, m->param);
    }
  else
    {
      if (state == NULL || !g_variant_is_of_type (m->param, g_variant_get_type (state)))
        {
          mig_form_sync_refuse (self, peer, "A state of the wrong type for “%s”", m->action);
          return;
        }
      g_action_group_change_action_state (group, name, m->param);
    }
}
