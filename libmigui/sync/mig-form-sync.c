/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"


#include "mig-device-id-private.h"
#include "mig-enum-types.h"
#include "mig-form-sync-private.h"

/**
 * MigFormSync:
 *
 * Keeps copies of one [class@Mig.Form] on several devices in sync, live.
 *
 * The form's *home* is the application that owns it; each *remote copy* is
 * a form of the same type in another application (usually the same
 * application on another device), joined to the home by a stream, one per
 * copy — a [class@Mig.Channel], so that the link survives either side
 * migrating.  The home makes its [class@Mig.FormSync] with
 * [ctor@Mig.FormSync.new_home] and adds each copy's stream with
 * [method@Mig.FormSync.add_peer]; a copy makes its own with
 * [ctor@Mig.FormSync.new_remote].  The copy starts from a snapshot of the
 * home's form, then every change flows both ways.
 *
 * What is kept in sync is what a migration captures (the same adapters,
 * [iface@Mig.Stateful] and registered properties), less what belongs to
 * one screen: cursors, scroll positions and the top item or line shown.
 * Each property converges to its last write, ordered by a logical clock
 * and then by device ID, so every copy ends with the same values whatever
 * order changes crossed in.  The home relays what a copy changes to the
 * others.
 *
 * In [enum@Mig.FormSyncMode.EXCLUSIVE] mode one device, the *editor*,
 * edits; the others' forms are insensitive until the home hands editing
 * over ([method@Mig.FormSync.set_editor]; a copy asks with
 * [method@Mig.FormSync.request_edit]).  A *watcher* follows read-only in
 * either mode, until [method@Mig.FormSync.invite] lets it edit.
 *
 * Actions go home: on a remote copy, the form's `app.` and `win.` actions
 * (and groups shared with [method@Mig.FormSync.share_action_group]) are
 * stand-ins that run the home's actions; the state changes that follow
 * flow back.  Application code is the same whether the form is home or
 * away.
 *
 * Malformed messages, and messages about widgets, properties or actions
 * the form does not have, of the wrong type, or not allowed to their
 * sender, are refused (::refused) and change nothing.
 *
 * The protocol is in docs/protocol.md, "Forms on other devices".
 */

enum
{
  PROP_0,
  PROP_FORM,
  PROP_IS_HOME,
  PROP_DEVICE_ID,
  PROP_SYNCED,
  PROP_MODE,
  PROP_EDITOR,
  PROP_WATCHER,
  PROP_READ_ONLY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum { SIGNAL_PEER_JOINED, SIGNAL_PEER_LEFT, SIGNAL_CLOSED, SIGNAL_REFUSED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MigFormSync, mig_form_sync, G_TYPE_OBJECT)

static void
peer_free (MigSyncPeer *peer)
{
  g_signal_handlers_disconnect_by_data (peer->link, peer);
  g_clear_object (&peer->link);
  g_hash_table_unref (peer->sites);
  g_free (peer->device);
  g_free (peer->name);
  g_free (peer);
}

void
mig_form_sync_broadcast (MigFormSync *self,
                         MigSyncPeer *except,
                         JsonNode    *message)
{
  for (guint i = 0; i < self->peers->len; i++)
    {
      MigSyncPeer *peer = self->peers->pdata[i];

      if (peer != except && peer->welcomed)
        mig_sync_link_send (peer->link, json_node_ref (message));
    }
  json_node_unref (message);
}

void
mig_form_sync_refuse (MigFormSync *self,
                      MigSyncPeer *peer,
                      const char  *format,
                      ...)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  error = g_error_new (MIG_ERROR, MIG_ERROR_INVALID_MESSAGE, "%s (from %s)", text,
                       peer != NULL && peer->name != NULL ? peer->name : "a device that did not say its name");
  g_debug ("Form sync: %s", error->message);
  g_signal_emit (self, signals[SIGNAL_REFUSED], 0, error);
}

gboolean
mig_form_sync_peer_may_edit (MigFormSync *self,
                             MigSyncPeer *peer)
{
  if (!self->home)
    return TRUE;
  if (peer->watcher)
    return FALSE;
  return self->mode == MIG_FORM_SYNC_COLLABORATIVE || g_strcmp0 (self->editor, peer->device) == 0;
}

static void
notify_read_only (MigFormSync *self)
{
  mig_form_sync_update_sensitivity (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_ONLY]);
}

static MigSyncPeer *
find_peer (MigFormSync *self,
           const char  *device)
{
  for (guint i = 0; i < self->peers->len; i++)
    {
      MigSyncPeer *peer = self->peers->pdata[i];

      if (g_strcmp0 (peer->device, device) == 0)
        return peer;
    }
  return NULL;
}

static void
send_role (MigFormSync *self,
           MigSyncPeer *peer)
{
  mig_sync_link_send (peer->link, mig_sync_build_role (MIG_SYNC_ROLE, self->mode, self->editor, peer->watcher));
}

static void
broadcast_roles (MigFormSync *self)
{
  for (guint i = 0; i < self->peers->len; i++)
    {
      MigSyncPeer *peer = self->peers->pdata[i];

      if (peer->welcomed)
        send_role (self, peer);
    }
}

/* The form as it is now, to @peer, which joins (or, @again, joins this
 * home that moved). */
static void
send_welcome (MigFormSync *self,
              MigSyncPeer *peer,
              gboolean     again)
{
  JsonNode *welcome;
  JsonObject *o;

  mig_form_sync_flush (self);
  welcome = mig_sync_build_role (MIG_SYNC_WELCOME, self->mode, self->editor, peer->watcher);
  o = json_node_get_object (welcome);
  json_object_set_member (o, "snapshot", mig_form_sync_build_snapshot (self));
  json_object_set_member (o, "actions", mig_form_sync_build_actions (self));
  if (again)
    json_object_set_boolean_member (o, "again", TRUE);
  mig_sync_link_send (peer->link, welcome);
  peer->welcomed = TRUE;
  g_signal_emit (self, signals[SIGNAL_PEER_JOINED], 0, peer->device, peer->name);
}

/* Home: a copy says who it is; it gets the form as it is now. */
static void
handle_hello (MigFormSync    *self,
              MigSyncPeer    *peer,
              MigSyncMessage *m)
{
  const char *form_name = mig_form_get_form_name (self->form);

  if (peer->welcomed)
    {
      mig_form_sync_refuse (self, peer, "A second hello");
      return;
    }
  if (g_strcmp0 (m->form, form_name != NULL ? form_name : G_OBJECT_TYPE_NAME (self->form)) != 0)
    {
      mig_form_sync_refuse (self, peer, "The copy is of another form, “%s”", m->form);
      mig_sync_link_close (peer->link, "This is not the form the copy is of");
      return;
    }
  if (g_strcmp0 (m->device, self->device_id) == 0 || find_peer (self, m->device) != NULL)
    {
      mig_form_sync_refuse (self, peer, "Device %s already has a copy of the form", m->device);
      mig_sync_link_close (peer->link, "This device already has a copy of the form");
      return;
    }
  peer->device = g_strdup (m->device);
  peer->name = g_strdup (m->name);

  send_welcome (self, peer, FALSE);
}

/* Remote: the home's snapshot, mode and actions. */
static void
handle_welcome (MigFormSync    *self,
                MigSyncPeer    *peer,
                MigSyncMessage *m)
{
  if (self->synced && !m->again)
    {
      mig_form_sync_refuse (self, peer, "A second welcome");
      return;
    }
  /* The home moved: it starts the texts' sequences anew, and its form is
   * the form. */
  g_hash_table_remove_all (peer->sites);
  self->mode = m->mode;
  g_free (self->editor);
  self->editor = g_strdup (m->device);
  self->watcher = m->watcher;
  mig_form_sync_apply_snapshot (self, m->snapshot, peer);
  if (!self->synced)
    mig_form_sync_make_proxies (self, m->actions);
  self->synced = TRUE;
  peer->welcomed = TRUE;
  mig_form_sync_watch_widgets (self);
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITOR]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WATCHER]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCED]);
  notify_read_only (self);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
handle_role (MigFormSync    *self,
             MigSyncMessage *m)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->mode != (MigFormSyncMode) m->mode)
    {
      self->mode = m->mode;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
    }
  if (g_strcmp0 (self->editor, m->device) != 0)
    {
      g_free (self->editor);
      self->editor = g_strdup (m->device);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITOR]);
    }
  if (self->watcher != m->watcher)
    {
      self->watcher = m->watcher;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WATCHER]);
    }
  notify_read_only (self);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
handle_set (MigFormSync    *self,
            MigSyncPeer    *peer,
            MigSyncMessage *m)
{
  g_autoptr(GError) error = NULL;

  if (self->home && (!mig_form_sync_peer_may_edit (self, peer) || g_strcmp0 (m->device, peer->device) != 0))
    {
      mig_form_sync_refuse (self, peer, "A change of “%s” of “%s” that the device may not make", m->prop, m->path);
      return;
    }
  if (!mig_form_sync_apply_set (self, m->path, m->prop, m->value, m->clock, m->device, &error))
    {
      if (error != NULL)
        mig_form_sync_refuse (self, peer, "%s", error->message);
      return;
    }
  if (self->home)
    mig_form_sync_broadcast (self, peer, mig_sync_build_set (m->path, m->prop, m->value, m->clock, m->device));
}

static void
link_message_cb (MigSyncLink    *link,
                 MigSyncMessage *m,
                 MigSyncPeer    *peer)
{
  MigFormSync *self = peer->sync;
  gboolean from_home_only = m->kind == MIG_SYNC_WELCOME || m->kind == MIG_SYNC_ROLE ||
                            m->kind == MIG_SYNC_ACTION_STATE;
  gboolean from_copies_only = m->kind == MIG_SYNC_HELLO || m->kind == MIG_SYNC_ACTION ||
                              m->kind == MIG_SYNC_CHANGE_STATE || m->kind == MIG_SYNC_REQUEST_EDIT;

  if ((self->home && from_home_only) || (!self->home && from_copies_only))
    {
      mig_form_sync_refuse (self, peer, "A message its sender does not send");
      return;
    }
  if (m->kind != MIG_SYNC_HELLO && m->kind != MIG_SYNC_WELCOME && !peer->welcomed)
    {
      mig_form_sync_refuse (self, peer, "A message before the copy was joined");
      return;
    }

  switch (m->kind)
    {
    case MIG_SYNC_HELLO:
      handle_hello (self, peer, m);
      break;
    case MIG_SYNC_WELCOME:
      handle_welcome (self, peer, m);
      break;
    case MIG_SYNC_ROLE:
      handle_role (self, m);
      break;
    case MIG_SYNC_SET:
      handle_set (self, peer, m);
      break;
    case MIG_SYNC_EVENT:
      if (self->home && !mig_form_sync_peer_may_edit (self, peer))
        mig_form_sync_refuse (self, peer, "An event of “%s” that the device may not send", m->path);
      else
        mig_form_sync_apply_event (self, peer, m);
      break;
    case MIG_SYNC_EDIT:
      if (self->home && !mig_form_sync_peer_may_edit (self, peer))
        mig_form_sync_refuse (self, peer, "An edit of “%s” that the device may not make", m->path);
      else
        mig_form_sync_apply_edit (self, peer, m);
      break;
    case MIG_SYNC_REQUEST_EDIT:
      /* Editing is handed over on request: the device asking is the one
       * the user is at. */
      if (self->mode == MIG_FORM_SYNC_EXCLUSIVE && !peer->watcher)
        mig_form_sync_set_editor (self, peer->device);
      else
        mig_form_sync_refuse (self, peer, "A request to edit that the device may not make");
      break;
    case MIG_SYNC_ACTION:
    case MIG_SYNC_CHANGE_STATE:
    case MIG_SYNC_ACTION_STATE:
      mig_form_sync_handle_action (self, peer, m);
      break;
    case MIG_SYNC_BYE:
    default:
      g_assert_not_reached ();
    }
}

static void
link_refused_cb (MigSyncLink *link,
                 GError      *error,
                 MigSyncPeer *peer)
{
  mig_form_sync_refuse (peer->sync, peer, "%s", error->message);
}

static void
link_closed_cb (MigSyncLink *link,
                GError      *error,
                MigSyncPeer *peer)
{
  MigFormSync *self = peer->sync;
  g_autofree char *device = g_steal_pointer (&peer->device);
  gboolean was_editor = self->home && device != NULL && g_strcmp0 (self->editor, device) == 0;

  g_object_ref (self);
  self->bytes_sent_closed += mig_sync_link_get_bytes_sent (link);
  self->bytes_received_closed += mig_sync_link_get_bytes_received (link);
  g_ptr_array_remove (self->peers, peer);
  if (self->home)
    {
      /* The editor went: editing comes home. */
      if (was_editor)
        mig_form_sync_set_editor (self, self->device_id);
      if (device != NULL)
        g_signal_emit (self, signals[SIGNAL_PEER_LEFT], 0, device, error);
    }
  else if (!self->closed)
    {
      self->closed = TRUE;
      self->synced = FALSE;
      mig_form_sync_unwatch (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCED]);
      g_signal_emit (self, signals[SIGNAL_CLOSED], 0, error);
    }
  g_object_unref (self);
}

static MigSyncPeer *
add_link (MigFormSync *self,
          GIOStream   *stream,
          gboolean     watcher)
{
  MigSyncPeer *peer = g_new0 (MigSyncPeer, 1);

  peer->sync = self;
  peer->watcher = watcher;
  peer->sites = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) mig_text_site_free);
  peer->link = mig_sync_link_new (stream);
  g_signal_connect (peer->link, "message", G_CALLBACK (link_message_cb), peer);
  g_signal_connect (peer->link, "refused", G_CALLBACK (link_refused_cb), peer);
  g_signal_connect (peer->link, "closed", G_CALLBACK (link_closed_cb), peer);
  g_ptr_array_add (self->peers, peer);
  return peer;
}

/**
 * mig_form_sync_new_home:
 * @form: a form in one of the application's windows
 * @mode: how the copies share editing
 *
 * Makes @form the home of copies on other devices; add each copy's stream
 * with [method@Mig.FormSync.add_peer].  This device is the editor.
 *
 * Returns: (transfer full): the form's synchronisation
 */
MigFormSync *
mig_form_sync_new_home (MigForm         *form,
                        MigFormSyncMode  mode)
{
  MigFormSync *self;

  g_return_val_if_fail (MIG_IS_FORM (form), NULL);

  self = g_object_new (MIG_TYPE_FORM_SYNC, "form", form, "mode", mode, NULL);
  self->home = TRUE;
  self->synced = TRUE;
  self->editor = g_strdup (self->device_id);
  mig_form_sync_watch_widgets (self);
  mig_form_sync_watch_actions (self);
  return self;
}

static gboolean
send_hello (gpointer data)
{
  MigFormSync *self = data;
  const char *form_name = mig_form_get_form_name (self->form);
  MigSyncPeer *home = self->peers->pdata[0];

  self->hello_id = 0;
  mig_sync_link_send (home->link, mig_sync_build_hello (form_name != NULL ? form_name : G_OBJECT_TYPE_NAME (self->form),
                                                       self->device_id, self->device_name));
  return G_SOURCE_REMOVE;
}

/**
 * mig_form_sync_new_remote:
 * @form: a new form of the home's form type, in a window of its own
 * @stream: the stream to the form's home
 * @device_name: this device's name, as the home's user will read it
 *
 * Makes @form a copy of the home's form at the other end of @stream.  The
 * copy takes the home's state when it is welcomed (see
 * [property@Mig.FormSync:synced]); until then, and after the link ends
 * (::closed), changes to it go nowhere.
 *
 * Returns: (transfer full): the copy's synchronisation
 */
MigFormSync *
mig_form_sync_new_remote (MigForm    *form,
                          GIOStream  *stream,
                          const char *device_name)
{
  MigFormSync *self;

  g_return_val_if_fail (MIG_IS_FORM (form), NULL);
  g_return_val_if_fail (G_IS_IO_STREAM (stream), NULL);
  g_return_val_if_fail (device_name != NULL, NULL);

  self = g_object_new (MIG_TYPE_FORM_SYNC, "form", form, NULL);
  self->device_name = g_strdup (device_name);
  add_link (self, stream, FALSE);
  /* Said from the main loop: the device ID may still be set. */
  self->hello_id = g_idle_add_full (G_PRIORITY_HIGH, send_hello, self, NULL);
  mig_form_sync_update_sensitivity (self);
  return self;
}

/* A copy that was joined to this form's home before the home moved here
 * (its application migrated): its link is restored, and it is welcomed
 * again with the form as it is here. */
void
mig_form_sync_rejoin_peer (MigFormSync *self,
                           GIOStream   *stream,
                           const char  *device,
                           const char  *name,
                           gboolean     watcher)
{
  MigSyncPeer *peer;

  g_return_if_fail (self->home);

  peer = add_link (self, stream, watcher);
  peer->device = g_strdup (device);
  peer->name = g_strdup (name);
  send_welcome (self, peer, TRUE);
}

/**
 * mig_form_sync_add_peer:
 * @self: a home's synchronisation
 * @stream: the stream to a new copy
 * @watcher: whether the copy only follows the form, read-only
 *
 * Adds a copy.  It joins once it says which form and device it is
 * (::peer-joined); a copy of another form, or a second copy on one device,
 * is refused and its stream closed.
 */
void
mig_form_sync_add_peer (MigFormSync *self,
                        GIOStream   *stream,
                        gboolean     watcher)
{
  g_return_if_fail (MIG_IS_FORM_SYNC (self));
  g_return_if_fail (self->home);
  g_return_if_fail (G_IS_IO_STREAM (stream));

  add_link (self, stream, watcher);
}

/**
 * mig_form_sync_remove_peer:
 * @self: a home's synchronisation
 * @device_id: a joined copy's device ID
 * @reason: (nullable): why, as the copy's user will read it
 *
 * Ends one copy's link: the copy gets ::closed with @reason, the home
 * ::peer-left.
 */
void
mig_form_sync_remove_peer (MigFormSync *self,
                           const char  *device_id,
                           const char  *reason)
{
  MigSyncPeer *peer;

  g_return_if_fail (MIG_IS_FORM_SYNC (self));
  g_return_if_fail (self->home);

  peer = find_peer (self, device_id);
  if (peer != NULL)
    mig_sync_link_close (peer->link, reason);
}

/**
 * mig_form_sync_close:
 * @self: a synchronisation
 * @reason: (nullable): why, as the other devices' users will read it
 *
 * Ends the synchronisation: the home closes every copy's link (each copy
 * gets ::closed with @reason), a copy its link to the home.  The forms
 * stay as they are.
 */
void
mig_form_sync_close (MigFormSync *self,
                     const char  *reason)
{
  g_return_if_fail (MIG_IS_FORM_SYNC (self));

  if (self->closed)
    return;
  mig_form_sync_flush (self);
  self->closed = TRUE;
  for (guint i = 0; i < self->peers->len; i++)
    mig_sync_link_close (((MigSyncPeer *) self->peers->pdata[i])->link, reason);
  mig_form_sync_unwatch (self);
  mig_form_sync_unwatch_actions (self);
}

/**
 * mig_form_sync_share_action_group:
 * @self: a home's synchronisation
 * @prefix: the prefix the form's widgets name the group's actions with
 * @group: the group
 *
 * Lets remote copies run the actions of @group, besides the `app.` and
 * `win.` actions that are always theirs.  Call it before adding peers.
 */
void
mig_form_sync_share_action_group (MigFormSync  *self,
                                  const char   *prefix,
                                  GActionGroup *group)
{
  g_return_if_fail (MIG_IS_FORM_SYNC (self));
  g_return_if_fail (self->home);
  g_return_if_fail (prefix != NULL && G_IS_ACTION_GROUP (group));

  mig_form_sync_unwatch_actions (self);
  g_ptr_array_add (self->owned_groups, g_object_ref (group));
  g_hash_table_insert (self->groups, g_strdup (prefix), group);
  mig_form_sync_watch_actions (self);
}

/**
 * mig_form_sync_get_form:
 * @self: a synchronisation
 *
 * Returns: (transfer none): the form
 */
MigForm *
mig_form_sync_get_form (MigFormSync *self)
{
  g_return_val_if_fail (MIG_IS_FORM_SYNC (self), NULL);
  return self->form;
}

/**
 * mig_form_sync_get_is_home:
 * @self: a synchronisation
 *
 * Returns: whether this is the form's home
 */
gboolean
mig_form_sync_get_is_home (MigFormSync *self)
{
  g_return_val_if_fail (MIG_IS_FORM_SYNC (self), FALSE);
  return self->home;
}

/**
 * mig_form_sync_get_device_id:
 * @self: a synchronisation
 *
 * Returns: the ID this copy writes with: the device's ID unless set
 */
const char *
mig_form_sync_get_device_id (MigFormSync *self)
{
  g_return_val_if_fail (MIG_IS_FORM_SYNC (self), NULL);
  return self->device_id;
}

/**
 * mig_form_sync_set_device_id:
 * @self: a synchronisation that has no peer yet
 * @device_id: the ID to write with
 *
 * Sets the ID this copy writes with, for two copies in one process (tests
 * and demos); copies on one device need different IDs.  Set it before the
 * main loop runs: a remote copy says its ID from there.
 */
void
mig_form_sync_set_device_id (MigFormSync *self,
                             const char  *device_id)
{
  g_return_if_fail (MIG_IS_FORM_SYNC (self));
  g_return_if_fail (device_id != NULL && *device_id != '\0');

  if (self->home && g_strcmp0 (self->editor, self->device_id) == 0)
    {
      g_free (self->editor);
      self->editor = g_strdup (device_id);
    }
  g_free (self->device_id);
  self->device_id = g_strdup (device_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE_ID]);
}

/**
 * mig_form_sync_get_synced:
 * @self: a synchronisation
 *
 * Returns: whether the copy follows the home: always for the home; for a
 *   remote copy, from its welcome to the end of its link
 */
gboolean
mig_form_sync_get_synced (MigFormSync *self)
{
  g_return_val_if_fail (MIG_IS_FORM_SYNC (self), FALSE);
  return self->synced;
}

/**
 * mig_form_sync_get_mode:
 * @self: a synchronisation
 *
 * Returns: how the copies share editing
 */
MigFormSyncMode
mig_form_sync_get_mode (MigFormSync *self)
{
  g_return_val_if_fail (MIG_IS_FORM_SYNC (self), MIG_FORM_SYNC_EXCLUSIVE);
  return self->mode;
}

/**
 * mig_form_sync_set_mode:
 * @self: a home's synchronisation
 * @mode: how the copies share editing
 *
 * Changes the mode for every copy.
 */
void
mig_form_sync_set_mode (MigFormSync     *self,
                        MigFormSyncMode  mode)
{
  g_return_if_fail (MIG_IS_FORM_SYNC (self));

  if (self->mode == mode)
    return;
  g_return_if_fail (self->home);
  self->mode = mode;
  broadcast_roles (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
  notify_read_only (self);
}

/**
 * mig_form_sync_get_editor:
 * @self: a synchronisation
 *
 * Returns: (nullable): the device ID of the editor in exclusive mode
 */
const char *
mig_form_sync_get_editor (MigFormSync *self)
{
  g_return_val_if_fail (MIG_IS_FORM_SYNC (self), NULL);
  return self->editor;
}

/**
 * mig_form_sync_set_editor:
 * @self: a home's synchronisation
 * @device_id: this device's ID or a copy's
 *
 * Hands editing over, in exclusive mode, to the device @device_id.
 */
void
mig_form_sync_set_editor (MigFormSync *self,
                          const char  *device_id)
{
  g_return_if_fail (MIG_IS_FORM_SYNC (self));
  g_return_if_fail (self->home);
  g_return_if_fail (device_id != NULL);

  if (g_strcmp0 (self->editor, device_id) == 0)
    return;
  if (g_strcmp0 (device_id, self->device_id) != 0 && find_peer (self, device_id) == NULL)
    {
      g_critical ("%s: no copy on device %s", G_STRFUNC, device_id);
      return;
    }
  /* What the old editor changed last is the state the new one starts from. */
  mig_form_sync_flush (self);
  g_free (self->editor);
  self->editor = g_strdup (device_id);
  broadcast_roles (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITOR]);
  notify_read_only (self);
}

/**
 * mig_form_sync_request_edit:
 * @self: a remote copy's synchronisation
 *
 * Asks the home, in exclusive mode, to let this copy edit; the home hands
 * editing over unless the copy is a watcher.
 */
void
mig_form_sync_request_edit (MigFormSync *self)
{
  g_return_if_fail (MIG_IS_FORM_SYNC (self));
  g_return_if_fail (!self->home);

  if (self->synced)
    mig_sync_link_send (((MigSyncPeer *) self->peers->pdata[0])->link,
                        mig_sync_build_simple (MIG_SYNC_REQUEST_EDIT, NULL));
}

/**
 * mig_form_sync_get_watcher:
 * @self: a synchronisation
 *
 * Returns: whether this copy only follows the form
 */
gboolean
mig_form_sync_get_watcher (MigFormSync *self)
{
  g_return_val_if_fail (MIG_IS_FORM_SYNC (self), FALSE);
  return self->watcher;
}

/**
 * mig_form_sync_get_read_only:
 * @self: a synchronisation
 *
 * Returns: whether the user cannot edit this copy now: it watches, or
 *   another device edits in exclusive mode, or it is not (or no longer)
 *   joined to its home
 */
gboolean
mig_form_sync_get_read_only (MigFormSync *self)
{
  g_return_val_if_fail (MIG_IS_FORM_SYNC (self), TRUE);

  if (!self->home && !self->synced)
    return !self->closed;
  if (self->watcher)
    return TRUE;
  return self->mode == MIG_FORM_SYNC_EXCLUSIVE && g_strcmp0 (self->editor, self->device_id) != 0;
}

/**
 * mig_form_sync_invite:
 * @self: a home's synchronisation
 * @device_id: the device ID of a watching copy
 *
 * Lets a watcher edit: in collaborative mode with the others, in
 * exclusive mode as the editor.
 */
void
mig_form_sync_invite (MigFormSync *self,
                      const char  *device_id)
{
  MigSyncPeer *peer;

  g_return_if_fail (MIG_IS_FORM_SYNC (self));
  g_return_if_fail (self->home);

  peer = find_peer (self, device_id);
  if (peer == NULL || !peer->watcher)
    return;
  peer->watcher = FALSE;
  if (self->mode == MIG_FORM_SYNC_EXCLUSIVE)
    mig_form_sync_set_editor (self, device_id);
  else
    send_role (self, peer);
}

/**
 * mig_form_sync_dup_peers:
 * @self: a synchronisation
 *
 * Returns: (transfer full): the device IDs of the joined copies (for a
 *   remote copy, none)
 */
GStrv
mig_form_sync_dup_peers (MigFormSync *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (MIG_IS_FORM_SYNC (self), NULL);

  for (guint i = 0; self->home && i < self->peers->len; i++)
    {
      MigSyncPeer *peer = self->peers->pdata[i];

      if (peer->welcomed)
        g_strv_builder_add (builder, peer->device);
    }
  return g_strv_builder_end (builder);
}

/**
 * mig_form_sync_get_bytes_sent:
 * @self: a synchronisation
 *
 * Returns: the bytes of messages sent to every peer so far
 */
guint64
mig_form_sync_get_bytes_sent (MigFormSync *self)
{
  guint64 n;

  g_return_val_if_fail (MIG_IS_FORM_SYNC (self), 0);
  n = self->bytes_sent_closed;
  for (guint i = 0; i < self->peers->len; i++)
    n += mig_sync_link_get_bytes_sent (((MigSyncPeer *) self->peers->pdata[i])->link);
  return n;
}

/**
 * mig_form_sync_get_bytes_received:
 * @self: a synchronisation
 *
 * Returns: the bytes received from every peer so far
 */
guint64
mig_form_sync_get_bytes_received (MigFormSync *self)
{
  guint64 n;

  g_return_val_if_fail (MIG_IS_FORM_SYNC (self), 0);
  n = self->bytes_received_closed;
  for (guint i = 0; i < self->peers->len; i++)
    n += mig_sync_link_get_bytes_received (((MigSyncPeer *) self->peers->pdata[i])->link);
  return n;
}

/* The form's window went: the copies are told, and nothing holds the
 * form any more. */
static void
form_destroyed_cb (MigFormSync *self)
{
  mig_form_sync_close (self, NULL);
  g_hash_table_remove (self->groups, "app");
  g_hash_table_remove (self->groups, "win");
  g_signal_handlers_disconnect_by_func (self->form, form_destroyed_cb, self);
  g_clear_object (&self->form);
}

static void
mig_form_sync_dispose (GObject *object)
{
  MigFormSync *self = MIG_FORM_SYNC (object);

  g_clear_handle_id (&self->hello_id, g_source_remove);
  mig_form_sync_close (self, NULL);
  g_ptr_array_set_size (self->peers, 0);
  if (self->form != NULL)
    g_signal_handlers_disconnect_by_func (self->form, form_destroyed_cb, self);
  g_clear_object (&self->form);
  G_OBJECT_CLASS (mig_form_sync_parent_class)->dispose (object);
}

static void
mig_form_sync_finalize (GObject *object)
{
  MigFormSync *self = MIG_FORM_SYNC (object);

  g_ptr_array_unref (self->peers);
  g_hash_table_unref (self->entries);
  g_hash_table_unref (self->widgets);
  g_hash_table_unref (self->dirty);
  g_hash_table_unref (self->groups);
  g_ptr_array_unref (self->owned_groups);
  g_ptr_array_unref (self->group_handlers);
  g_free (self->device_id);
  g_free (self->device_name);
  g_free (self->editor);
  G_OBJECT_CLASS (mig_form_sync_parent_class)->finalize (object);
}

static void
mig_form_sync_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MigFormSync *self = MIG_FORM_SYNC (object);

  switch (prop_id)
    {
    case PROP_FORM: g_value_set_object (value, self->form); break;
    case PROP_IS_HOME: g_value_set_boolean (value, self->home); break;
    case PROP_DEVICE_ID: g_value_set_string (value, self->device_id); break;
    case PROP_SYNCED: g_value_set_boolean (value, self->synced); break;
    case PROP_MODE: g_value_set_enum (value, self->mode); break;
    case PROP_EDITOR: g_value_set_string (value, self->editor); break;
    case PROP_WATCHER: g_value_set_boolean (value, self->watcher); break;
    case PROP_READ_ONLY: g_value_set_boolean (value, mig_form_sync_get_read_only (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mig_form_sync_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  MigFormSync *self = MIG_FORM_SYNC (object);

  switch (prop_id)
    {
    case PROP_FORM:
      self->form = g_value_dup_object (value);
      g_signal_connect_object (self->form, "destroy", G_CALLBACK (form_destroyed_cb), self, G_CONNECT_SWAPPED);
      break;
    case PROP_MODE: self->mode = g_value_get_enum (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mig_form_sync_class_init (MigFormSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mig_form_sync_dispose;
  object_class->finalize = mig_form_sync_finalize;
  object_class->get_property = mig_form_sync_get_property;
  object_class->set_property = mig_form_sync_set_property;

  /**
   * MigFormSync:form:
   *
   * The form this copy is.
   */
  properties[PROP_FORM] = g_param_spec_object ("form", NULL, NULL, MIG_TYPE_FORM,
                                               G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * MigFormSync:is-home:
   *
   * Whether this is the form's home.
   */
  properties[PROP_IS_HOME] = g_param_spec_boolean ("is-home", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * MigFormSync:device-id:
   *
   * The device ID this copy writes with.
   */
  properties[PROP_DEVICE_ID] = g_param_spec_string ("device-id", NULL, NULL, NULL,
                                                    G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * MigFormSync:synced:
   *
   * Whether the copy follows its home.
   */
  properties[PROP_SYNCED] = g_param_spec_boolean ("synced", NULL, NULL, FALSE,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * MigFormSync:mode:
   *
   * How the copies share editing.
   */
  properties[PROP_MODE] = g_param_spec_enum ("mode", NULL, NULL, MIG_TYPE_FORM_SYNC_MODE, MIG_FORM_SYNC_EXCLUSIVE,
                                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                                             G_PARAM_STATIC_STRINGS);
  /**
   * MigFormSync:editor:
   *
   * The device ID of the editor in exclusive mode.
   */
  properties[PROP_EDITOR] = g_param_spec_string ("editor", NULL, NULL, NULL,
                                                 G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * MigFormSync:watcher:
   *
   * Whether this copy only follows the form.
   */
  properties[PROP_WATCHER] = g_param_spec_boolean ("watcher", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * MigFormSync:read-only:
   *
   * Whether the user cannot edit this copy now; its form's content is
   * insensitive meanwhile.
   */
  properties[PROP_READ_ONLY] = g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                                                     G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MigFormSync::peer-joined:
   * @self: a home's synchronisation
   * @device_id: the copy's device ID
   * @name: the copy's device name
   *
   * A copy joined and got the form's state.
   */
  signals[SIGNAL_PEER_JOINED] = g_signal_new ("peer-joined", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                              NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * MigFormSync::peer-left:
   * @self: a home's synchronisation
   * @device_id: the copy's device ID
   * @error: (nullable): why, if the copy did not close it
   *
   * A copy's link ended.  What it changed before is the form's state.
   */
  signals[SIGNAL_PEER_LEFT] = g_signal_new ("peer-left", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                            NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_ERROR);
  /**
   * MigFormSync::closed:
   * @self: a remote copy's synchronisation
   * @error: (nullable): why, as the home said it or as it failed
   *
   * The copy's link to its home ended; the form keeps its last state.
   */
  signals[SIGNAL_CLOSED] = g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  /**
   * MigFormSync::refused:
   * @self: a synchronisation
   * @error: what was wrong, in the `MIG_ERROR` domain
   *
   * A peer's message was refused: it changed nothing.
   */
  signals[SIGNAL_REFUSED] = g_signal_new ("refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
mig_form_sync_init (MigFormSync *self)
{
  self->peers = g_ptr_array_new_with_free_func ((GDestroyNotify) peer_free);
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, mig_sync_entry_free);
  self->widgets = g_hash_table_new (g_str_hash, g_str_equal);
  self->dirty = g_hash_table_new (NULL, NULL);
  self->groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->owned_groups = g_ptr_array_new_with_free_func (g_object_unref);
  self->group_handlers = g_ptr_array_new ();
  self->device_id = g_strdup (mig_device_id_get ());
}
