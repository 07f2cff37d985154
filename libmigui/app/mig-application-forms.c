/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>

#include "mig-application-private.h"
#include "mig-channel-wire-private.h"
#include "mig-device-id-private.h"
#include "mig-form-private.h"
#include "mig-form-tree-private.h"
#include "mig-form-tree-writer-private.h"
#include "mig-form-sync-private.h"
#include "mig-form-window-private.h"
#include "mig-identity-private.h"
#include "mig-migration-private.h"
#include "mig-peer-client-private.h"
#include "mig-window-private.h"

/*
 * Forms sent on their own to another device (docs/architecture.md, "One
 * form on another device").  The home sends a form tree of one
 * MigFormWindow, with a "remote-form" member, as a clone: the target's
 * shell hands it to the application there, which builds a form of the
 * registered type and joins the home over a MigChannel with TLS to the
 * home's form listener, saying the token the tree carried first.  The
 * channel is one of the home application's channels: it moves with it.
 */

#define JOIN_TIMEOUT_SECONDS 30
/* A copy whose link is down this long has gone: its form comes home. */
#define FORM_RECONNECT_SECONDS 10
#define TOKEN_LENGTH 32

typedef struct
{
  MigApplication  *app;
  char            *token;
  MigForm         *form;
  MigFormSync     *sync;
  MigFormSendMode  mode;
  char            *peer_name;
  char            *device;        /* the copy's ID in the sync, once joined */
  MigChannel      *channel;
  GTask           *task;          /* until the copy joins */
  MigMigration    *migration;
  guint            timeout_id;
} FormShare;

static void
form_share_free (gpointer data)
{
  FormShare *share = data;

  g_clear_handle_id (&share->timeout_id, g_source_remove);
  g_clear_object (&share->task);
  g_clear_object (&share->migration);
  g_clear_object (&share->channel);
  g_clear_object (&share->sync);
  g_clear_object (&share->form);
  g_free (share->token);
  g_free (share->peer_name);
  g_free (share->device);
  g_free (share);
}

void
mig_application_forms_init (MigApplication *self)
{
  MigApplicationPrivate *priv = mig_application_get_private (self);

  priv->form_types = g_hash_table_new (g_str_hash, g_str_equal);
  priv->form_shares = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, form_share_free);
  mig_application_register_window_type (self, MIG_TYPE_FORM_WINDOW);
}

void
mig_application_forms_finalize (MigApplication *self)
{
  MigApplicationPrivate *priv = mig_application_get_private (self);

  g_clear_pointer (&priv->form_shares, g_hash_table_unref);
  g_clear_pointer (&priv->form_types, g_hash_table_unref);
  if (priv->form_listener != NULL)
    mig_channel_listener_close (priv->form_listener);
  g_clear_object (&priv->form_listener);
}

/**
 * mig_application_register_form_type:
 * @self: a `MigApplication`
 * @form_type: a `MigForm` subtype that builds its own content
 *
 * Allows forms of @form_type to be sent to other devices on their own
 * ([method@Mig.Application.send_form_async]) and to arrive here: an
 * arriving form is a new instance of the type, in a [class@Mig.FormWindow].
 */
void
mig_application_register_form_type (MigApplication *self,
                                    GType           form_type)
{
  g_return_if_fail (MIG_IS_APPLICATION (self));
  g_return_if_fail (g_type_is_a (form_type, MIG_TYPE_FORM) && form_type != MIG_TYPE_FORM);
  g_return_if_fail (!G_TYPE_IS_ABSTRACT (form_type));

  g_hash_table_insert (mig_application_get_private (self)->form_types, (gpointer) g_type_name (form_type),
                       GSIZE_TO_POINTER (form_type));
}

GType
mig_application_lookup_form_type (MigApplication *self,
                                  const char     *type_name)
{
  return GPOINTER_TO_SIZE (g_hash_table_lookup (mig_application_get_private (self)->form_types, type_name));
}

static const char *
form_title (MigForm *form)
{
  const char *name = mig_form_get_form_name (form);

  return name != NULL ? name : G_OBJECT_TYPE_NAME (form);
}

static MigWindow *
form_window (MigForm *form)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (form));

  return MIG_IS_WINDOW (root) ? MIG_WINDOW (root) : NULL;
}

/* ---- Home ---- */

static FormShare *
share_of_device (MigApplication *self,
                 const char     *device)
{
  const char *slash = device != NULL ? strrchr (device, '/') : NULL;

  return slash != NULL ? g_hash_table_lookup (mig_application_get_private (self)->form_shares, slash + 1) : NULL;
}

static void
bring_back_clicked_cb (GtkButton *button,
                       MigForm   *form)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (form))));

  if (MIG_IS_APPLICATION (app))
    mig_application_bring_form_home (MIG_APPLICATION (app), form);
}

/* Where the form was, while it is away: where it is, and a way back. */
static GtkWidget *
new_placeholder (MigForm    *form,
                 const char *peer_name)
{
  GtkWidget *page = adw_status_page_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Bring Back"));
  g_autofree char *title = g_strdup_printf (_("“%s” Is on %s"), form_title (form), peer_name);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "send-to-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (page), title);
  adw_status_page_set_description (ADW_STATUS_PAGE (page),
                                   _("It is used there, and kept in sync with this window."));
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "pill");
  g_signal_connect_object (button, "clicked", G_CALLBACK (bring_back_clicked_cb), form, 0);
  adw_status_page_set_child (ADW_STATUS_PAGE (page), button);
  return page;
}

static void
share_finish (FormShare *share,
              GError    *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&share->task);

  g_clear_handle_id (&share->timeout_id, g_source_remove);
  if (task == NULL)
    return;
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
forget_share (FormShare *share)
{
  MigApplicationPrivate *priv = mig_application_get_private (share->app);
  g_autofree char *name = g_strconcat ("mig-form-", share->token, NULL);

  if (share->channel != NULL && mig_application_lookup_channel (share->app, name) != NULL)
    mig_application_remove_channel (share->app, name);
  share_finish (share, g_error_new (MIG_ERROR, MIG_ERROR_CANCELLED, _("The form was not sent")));
  g_hash_table_remove (priv->form_shares, share->token);
}

static void
peer_joined_cb (MigFormSync    *sync,
                const char     *device,
                const char     *name,
                MigApplication *self)
{
  FormShare *share = share_of_device (self, device);

  if (share == NULL || share->sync != sync || share->device != NULL)
    return;
  share->device = g_strdup (device);
  if (share->mode == MIG_FORM_SEND_MOVE)
    {
      mig_form_sync_set_editor (sync, device);
      mig_form_set_placeholder (share->form, new_placeholder (share->form, share->peer_name));
    }
  share_finish (share, NULL);
}

static void
peer_left_cb (MigFormSync    *sync,
              const char     *device,
              GError         *error,
              MigApplication *self)
{
  FormShare *share = share_of_device (self, device);
  MigWindow *window;

  if (share == NULL || share->sync != sync)
    return;
  window = form_window (share->form);
  if (share->mode == MIG_FORM_SEND_MOVE && mig_form_get_placeholder (share->form) != NULL)
    {
      g_autofree char *message = NULL;

      mig_form_set_placeholder (share->form, NULL);
      message = error != NULL
                ? g_strdup_printf (_("“%s” is back from %s, as it was last there: %s"), form_title (share->form),
                                   share->peer_name, error->message)
                : g_strdup_printf (_("“%s” is back from %s"), form_title (share->form), share->peer_name);
      if (window != NULL)
        mig_window_show_message (window, message);
    }
  forget_share (share);
}

static MigFormSync *
home_sync (MigApplication  *self,
           MigForm         *form,
           MigFormSendMode  mode)
{
  MigFormSync *sync = g_object_get_data (G_OBJECT (form), "mig-form-sync");

  if (sync == NULL)
    {
      sync = mig_form_sync_new_home (form, mode == MIG_FORM_SEND_SHARE ? MIG_FORM_SYNC_COLLABORATIVE
                                                                       : MIG_FORM_SYNC_EXCLUSIVE);
      g_signal_connect_object (sync, "peer-joined", G_CALLBACK (peer_joined_cb), self, 0);
      g_signal_connect_object (sync, "peer-left", G_CALLBACK (peer_left_cb), self, 0);
      g_object_set_data_full (G_OBJECT (form), "mig-form-sync", sync, g_object_unref);
    }
  else if (mode == MIG_FORM_SEND_SHARE)
    mig_form_sync_set_mode (sync, MIG_FORM_SYNC_COLLABORATIVE);
  return sync;
}

typedef struct
{
  MigApplication *app;
  MigChannel     *channel;
  char            token[TOKEN_LENGTH + 1];
} TokenRead;

static void
token_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  TokenRead *read = user_data;
  MigApplicationPrivate *priv = mig_application_get_private (read->app);
  g_autofree char *name = NULL;
  gsize n = 0;
  FormShare *share;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &n, NULL) || n != TOKEN_LENGTH ||
      (share = g_hash_table_lookup (priv->form_shares, read->token)) == NULL || share->channel != NULL)
    {
      g_debug ("A channel to the form listener without a form’s token: closed");
      g_io_stream_close_async (G_IO_STREAM (read->channel), G_PRIORITY_DEFAULT, NULL, NULL, NULL);
    }
  else
    {
      share->channel = g_object_ref (read->channel);
      mig_channel_set_reconnect_timeout (share->channel, FORM_RECONNECT_SECONDS);
      name = g_strconcat ("mig-form-", share->token, NULL);
      mig_application_add_channel (read->app, name, share->channel);
      mig_form_sync_add_peer (share->sync, G_IO_STREAM (share->channel), share->mode == MIG_FORM_SEND_WATCH);
    }
  g_object_unref (read->channel);
  g_object_unref (read->app);
  g_free (read);
}

static void
incoming_cb (MigChannelListener *listener,
             MigChannel         *channel,
             MigApplication     *self)
{
  TokenRead *read = g_new0 (TokenRead, 1);

  read->app = g_object_ref (self);
  read->channel = g_object_ref (channel);
  g_input_stream_read_all_async (g_io_stream_get_input_stream (G_IO_STREAM (channel)), read->token, TOKEN_LENGTH,
                                 G_PRIORITY_DEFAULT, NULL, token_read_cb, read);
}

static gboolean
ensure_listener (MigApplication  *self,
                 GError         **error)
{
  MigApplicationPrivate *priv = mig_application_get_private (self);

  if (priv->form_listener != NULL)
    return TRUE;
  priv->form_listener = mig_channel_listener_new ();
  if (!mig_channel_listener_listen (priv->form_listener, NULL, 0, error))
    {
      g_clear_object (&priv->form_listener);
      return FALSE;
    }
  g_signal_connect_object (priv->form_listener, "incoming", G_CALLBACK (incoming_cb), self, 0);
  return TRUE;
}

/* This host's addresses, as a copy may reach them: the others first,
 * loopback last (a copy on this very host). */
static GVariant *
local_hosts (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) hosts = NULL;
  struct ifaddrs *list = NULL;

  if (getifaddrs (&list) == 0)
    {
      for (struct ifaddrs *i = list; i != NULL; i = i->ifa_next)
        {
          g_autoptr(GSocketAddress) address = NULL;
          GInetAddress *inet;
          g_autofree char *s = NULL;

          if (i->ifa_addr == NULL || !(i->ifa_flags & IFF_UP) ||
              (i->ifa_addr->sa_family != AF_INET && i->ifa_addr->sa_family != AF_INET6))
            continue;
          address = g_socket_address_new_from_native (i->ifa_addr, i->ifa_addr->sa_family == AF_INET
                                                                       ? sizeof (struct sockaddr_in)
                                                                       : sizeof (struct sockaddr_in6));
          inet = G_IS_INET_SOCKET_ADDRESS (address) ? g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address))
                                                    : NULL;
          if (inet == NULL || g_inet_address_get_is_loopback (inet) || g_inet_address_get_is_link_local (inet))
            continue;
          s = g_inet_address_to_string (inet);
          g_strv_builder_add (builder, s);
        }
      freeifaddrs (list);
    }
  g_strv_builder_add (builder, "127.0.0.1");
  hosts = g_strv_builder_end (builder);
  return g_variant_new_strv ((const char * const *) hosts, -1);
}

static MigFormTree *
form_tree (MigApplication *self,
           FormShare      *share,
           GError        **error)
{
  MigApplicationPrivate *priv = mig_application_get_private (self);
  g_autoptr(MigDeviceProfile) profile = NULL;
  MigFormTreeHeader header = { 0, };
  MigFormTreeWriter w;
  g_auto(GVariantBuilder) remote = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_auto(GVariantBuilder) state = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  MigJsonWriter *json;
  g_autoptr(GVariant) remote_v = NULL;
  g_autoptr(GVariant) state_v = NULL;

  profile = mig_application_begin_tree (self, &w, &header, MIG_RESTORE_REASON_CLONE, TRUE);

  g_variant_builder_add (&remote, "{sv}", "token", g_variant_new_string (share->token));
  g_variant_builder_add (&remote, "{sv}", "hosts", local_hosts ());
  g_variant_builder_add (&remote, "{sv}", "port",
                         g_variant_new_uint16 (mig_channel_listener_get_port (priv->form_listener)));
  g_variant_builder_add (&remote, "{sv}", "mode", g_variant_new_string (mig_form_send_mode_to_name (share->mode)));
  g_variant_builder_add (&remote, "{sv}", "home", g_variant_new_take_string (mig_identity_dup_default_name ()));
  remote_v = g_variant_ref_sink (g_variant_builder_end (&remote));
  mig_form_tree_writer_state (&w, "remote-form", remote_v);

  mig_form_tree_writer_begin_windows (&w);
  mig_form_tree_writer_begin_window (&w, g_type_name (MIG_TYPE_FORM_WINDOW), 0, -1);
  json = mig_form_tree_writer_get_json (&w);
  mig_json_writer_key (json, "geometry");
  mig_json_writer_begin_object (json);
  mig_json_writer_key (json, "width");
  mig_json_writer_int (json, MAX (gtk_widget_get_width (GTK_WIDGET (share->form)), 360));
  mig_json_writer_key (json, "height");
  mig_json_writer_int (json, MAX (gtk_widget_get_height (GTK_WIDGET (share->form)) + 48, 240));
  mig_json_writer_key (json, "maximized");
  mig_json_writer_bool (json, FALSE);
  mig_json_writer_key (json, "fullscreen");
  mig_json_writer_bool (json, FALSE);
  mig_json_writer_end_object (json);
  /* The values come with the copy's welcome, live: none in the tree. */
  mig_json_writer_key (json, "widgets");
  mig_json_writer_begin_object (json);
  mig_json_writer_end_object (json);
  mig_json_writer_key (json, "forms");
  mig_json_writer_begin_array (json);
  mig_json_writer_end_array (json);
  g_variant_builder_add (&state, "{sv}", "form-type", g_variant_new_string (G_OBJECT_TYPE_NAME (share->form)));
  state_v = g_variant_ref_sink (g_variant_builder_end (&state));
  mig_form_tree_writer_state (&w, "state", state_v);
  mig_form_tree_writer_end_window (&w);
  return mig_form_tree_writer_finish (&w, error);
}

static void
commit_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(MigApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!mig_migration_commit_finish (MIG_MIGRATION (source), result, &error))
    g_debug ("The form’s commit did not reach the target: %s", error->message);
  g_application_release (G_APPLICATION (self));
}

static gboolean
join_timeout_cb (gpointer data)
{
  FormShare *share = data;

  share->timeout_id = 0;
  share_finish (share, g_error_new (MIG_ERROR, MIG_ERROR_TIMEOUT, _("The form did not open on %s"),
                                    share->peer_name));
  forget_share (share);
  return G_SOURCE_REMOVE;
}

static void
send_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  MigApplication *self = user_data;
  MigApplicationPrivate *priv = mig_application_get_private (self);
  const char *token = g_object_get_data (source, "mig-form-token");
  FormShare *share = g_hash_table_lookup (priv->form_shares, token);
  g_autoptr(GError) error = NULL;

  if (!mig_migration_send_finish (MIG_MIGRATION (source), result, &error))
    {
      if (share != NULL)
        {
          share_finish (share, g_steal_pointer (&error));
          forget_share (share);
        }
      g_object_unref (self);
      return;
    }
  g_application_hold (G_APPLICATION (self));
  mig_migration_commit_async (MIG_MIGRATION (source), NULL, commit_done_cb, g_object_ref (self));
  if (share != NULL && share->task != NULL && share->device == NULL)
    share->timeout_id = g_timeout_add_seconds (JOIN_TIMEOUT_SECONDS, join_timeout_cb, share);
  g_object_unref (self);
}

/**
 * mig_application_send_form_async:
 * @self: a `MigApplication`
 * @form: a form of a registered type, in one of the application's windows
 * @peer: the device to send it to
 * @mode: whether it moves, is shared, or is watched there
 * @cancellable: (nullable): a `GCancellable`
 * @callback: called once the form is live on @peer, or could not be
 * @user_data: data for @callback
 *
 * Sends @form on its own to @peer, where it opens in a window of its own
 * ([class@Mig.FormWindow]), built from the same type, with the current
 * state, and stays in sync with this one, live ([class@Mig.FormSync]):
 *
 * - %MIG_FORM_SEND_MOVE: the other device edits; here, the form's place
 *   says where it is and offers to bring it back
 *   ([method@Mig.Application.bring_form_home]);
 * - %MIG_FORM_SEND_SHARE: both edit at once;
 * - %MIG_FORM_SEND_WATCH: the other device follows read-only.
 *
 * Actions the form's widgets activate there run here.  If the other
 * device's application closes, crashes or cannot be reached for 10 s, a
 * moved form comes back with the last state that reached it, and the user
 * is told.  When this application moves to another device, the form's
 * link moves with it; when it quits, the copies close, saying why.
 */
void
mig_application_send_form_async (MigApplication      *self,
                                 MigForm             *form,
                                 MigPeer             *peer,
                                 MigFormSendMode      mode,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  MigApplicationPrivate *priv;
  g_autoptr(GTask) task = NULL;
  g_autoptr(MigIdentity) identity = NULL;
  g_autoptr(MigFormTree) tree = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  FormShare *share;
  guint8 random[TOKEN_LENGTH / 2];
  char *text;
  gsize length;

  g_return_if_fail (MIG_IS_APPLICATION (self));
  g_return_if_fail (MIG_IS_FORM (form));
  g_return_if_fail (MIG_IS_PEER (peer));

  priv = mig_application_get_private (self);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mig_application_send_form_async);

  if (mig_application_lookup_form_type (self, G_OBJECT_TYPE_NAME (form)) == G_TYPE_INVALID)
    {
      g_task_return_new_error (task, MIG_ERROR, MIG_ERROR_UNKNOWN_TYPE,
                               _("Forms of type %s are not registered to travel"), G_OBJECT_TYPE_NAME (form));
      return;
    }
  identity = mig_identity_load_default (&error);
  if (identity == NULL || !ensure_listener (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  share = g_new0 (FormShare, 1);
  share->app = self;
  /* The kernel's generator: the token is a secret. */
  mig_channel_random (random, sizeof random);
  share->token = g_malloc (TOKEN_LENGTH + 1);
  for (guint i = 0; i < G_N_ELEMENTS (random); i++)
    g_snprintf (share->token + 2 * i, 3, "%02x", random[i]);
  share->form = g_object_ref (form);
  share->mode = mode;
  share->sync = g_object_ref (home_sync (self, form, mode));
  share->peer_name = g_strdup (mig_peer_describe (peer));
  share->task = g_object_ref (task);
  g_hash_table_insert (priv->form_shares, share->token, share);

  tree = form_tree (self, share, &error);
  if (tree == NULL)
    {
      share_finish (share, g_steal_pointer (&error));
      forget_share (share);
      return;
    }
  text = mig_form_tree_to_data (tree, &length);
  bytes = g_bytes_new_take (text, length);
  share->migration = mig_migration_new (peer, identity, g_application_get_application_id (G_APPLICATION (self)),
                                        priv->app_version, TRUE);
  g_object_set_data_full (G_OBJECT (share->migration), "mig-form-token", g_strdup (share->token), g_free);
  mig_migration_send_async (share->migration, bytes, cancellable, send_done_cb, g_object_ref (self));
}

/**
 * mig_application_send_form_finish:
 * @self: a `MigApplication`
 * @result: the result
 * @error: return location for a `GError`
 *
 * Returns: %TRUE once the form is live on the other device
 */
gboolean
mig_application_send_form_finish (MigApplication  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * mig_application_bring_form_home:
 * @self: a `MigApplication`
 * @form: a form this application moved to another device
 *
 * Brings a moved form back: its copy there closes, saying so, and the
 * form is edited here again, as it was last.
 */
void
mig_application_bring_form_home (MigApplication *self,
                                 MigForm        *form)
{
  MigFormSync *sync;
  GHashTableIter iter;
  FormShare *share;

  g_return_if_fail (MIG_IS_APPLICATION (self));
  g_return_if_fail (MIG_IS_FORM (form));

  sync = g_object_get_data (G_OBJECT (form), "mig-form-sync");
  if (sync == NULL)
    return;
  g_hash_table_iter_init (&iter, mig_application_get_private (self)->form_shares);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &share))
    if (share->form == form && share->mode == MIG_FORM_SEND_MOVE && share->device != NULL)
      {
        g_autofree char *here = mig_identity_dup_default_name ();
        g_autofree char *reason = g_strdup_printf (_("“%s” was brought back to %s."), form_title (form), here);

        mig_form_sync_remove_peer (sync, share->device, reason);
      }
  mig_form_set_placeholder (form, NULL);
  mig_form_sync_set_editor (sync, mig_form_sync_get_device_id (sync));
}

/**
 * mig_application_lookup_form_sync:
 * @self: a `MigApplication`
 * @form: a form
 *
 * Returns: (transfer none) (nullable): what keeps @form in sync with its
 *   copies (at home) or its home (a form that arrived), if anything does
 */
MigFormSync *
mig_application_lookup_form_sync (MigApplication *self,
                                  MigForm        *form)
{
  g_return_val_if_fail (MIG_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (MIG_IS_FORM (form), NULL);

  return g_object_get_data (G_OBJECT (form), "mig-form-sync");
}

/* Whether a copy is still linked to this application: once the home has
 * migrated away, its channels are the target's and never close here. */
static gboolean
is_linked (FormShare *share)
{
  g_autofree char *name = g_strconcat ("mig-form-", share->token, NULL);

  return share->device != NULL && share->channel != NULL &&
         mig_application_lookup_channel (share->app, name) == share->channel;
}

static gboolean
has_joined_peers (MigApplication *self)
{
  GHashTableIter iter;
  FormShare *share;

  g_hash_table_iter_init (&iter, mig_application_get_private (self)->form_shares);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &share))
    if (is_linked (share))
      return TRUE;
  return FALSE;
}

/* The copies close, saying why; their goodbye gets a moment to go out. */
void
mig_application_forms_shutdown (MigApplication *self)
{
  GHashTableIter iter;
  FormShare *share;
  g_autofree char *reason = NULL;
  g_autofree char *here = NULL;
  g_autoptr(GPtrArray) syncs = g_ptr_array_new ();
  gint64 end = g_get_monotonic_time () + G_TIME_SPAN_SECOND;

  if (g_hash_table_size (mig_application_get_private (self)->form_shares) == 0)
    return;
  here = mig_identity_dup_default_name ();
  reason = g_strdup_printf (_("%s closed on %s."), g_get_application_name () != NULL ? g_get_application_name ()
                                                                                    : _("The application"),
                            here);
  g_hash_table_iter_init (&iter, mig_application_get_private (self)->form_shares);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &share))
    if (!g_ptr_array_find (syncs, share->sync, NULL))
      g_ptr_array_add (syncs, share->sync);
  for (guint i = 0; i < syncs->len; i++)
    mig_form_sync_close (syncs->pdata[i], reason);
  while (has_joined_peers (self) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* ---- Finding forms, for org.migui.Application1 ---- */

static void
collect_forms (MigApplication *self,
               GtkWidget      *widget,
               GPtrArray      *forms)
{
  if (MIG_IS_FORM (widget) && mig_application_lookup_form_type (self, G_OBJECT_TYPE_NAME (widget)) != G_TYPE_INVALID)
    g_ptr_array_add (forms, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_forms (self, child, forms);
}

/* The forms of registered types in the application's own windows (not
 * those that arrived). */
GPtrArray *
mig_application_list_forms (MigApplication *self)
{
  GPtrArray *forms = g_ptr_array_new ();
  g_autoptr(GPtrArray) windows = mig_application_list_windows (self);

  /* In the order of a checkpoint's windows: a migration's target finds
   * the same form at the same rank. */
  for (guint i = 0; i < windows->len; i++)
    if (!MIG_IS_FORM_WINDOW (windows->pdata[i]))
      collect_forms (self, windows->pdata[i], forms);
  return forms;
}

MigForm *
mig_application_find_form (MigApplication *self,
                           const char     *name)
{
  g_autoptr(GPtrArray) forms = mig_application_list_forms (self);

  for (guint i = 0; i < forms->len; i++)
    if (g_strcmp0 (form_title (forms->pdata[i]), name) == 0)
      return forms->pdata[i];
  return NULL;
}

/* The names of the devices @form is on besides this one. */
GStrv
mig_application_dup_form_devices (MigApplication *self,
                                  MigForm        *form)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GHashTableIter iter;
  FormShare *share;

  g_hash_table_iter_init (&iter, mig_application_get_private (self)->form_shares);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &share))
    if (share->form == form && share->device != NULL)
      g_strv_builder_add (builder, share->peer_name);
  return g_strv_builder_end (builder);
}

/* ---- The home moving to another device ---- */

static const char * const mode_names[] = { "move", "share", "watch", NULL };

/* A send mode's name in trees, D-Bus calls and actions. */
const char *
mig_form_send_mode_to_name (MigFormSendMode mode)
{
  return mode < G_N_ELEMENTS (mode_names) - 1 ? mode_names[mode] : NULL;
}

gboolean
mig_form_send_mode_from_name (const char      *name,
                              MigFormSendMode *mode)
{
  for (guint i = 0; mode_names[i] != NULL; i++)
    if (g_strcmp0 (mode_names[i], name) == 0)
      {
        *mode = i;
        return TRUE;
      }
  return FALSE;
}

/* The joined copies, for the tree of a migration: their channels go in it
 * too (they are the application's). */
GVariant *
mig_application_save_form_shares (MigApplication *self)
{
  g_autoptr(GPtrArray) forms = mig_application_list_forms (self);
  GHashTableIter iter;
  FormShare *share;
  GVariantBuilder builder;
  gboolean any = FALSE;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_hash_table_iter_init (&iter, mig_application_get_private (self)->form_shares);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &share))
    {
      guint index;
      GVariantDict dict;

      if (share->device == NULL || share->channel == NULL || !g_ptr_array_find (forms, share->form, &index))
        continue;
      g_variant_dict_init (&dict, NULL);
      g_variant_dict_insert (&dict, "token", "s", share->token);
      g_variant_dict_insert (&dict, "form", "s", form_title (share->form));
      g_variant_dict_insert (&dict, "index", "u", index);
      g_variant_dict_insert (&dict, "mode", "s", mig_form_send_mode_to_name (share->mode));
      g_variant_dict_insert (&dict, "peer", "s", share->peer_name);
      g_variant_dict_insert (&dict, "device", "s", share->device);
      g_variant_builder_add (&builder, "{sv}", share->token, g_variant_dict_end (&dict));
      any = TRUE;
    }
  if (!any)
    {
      g_variant_builder_clear (&builder);
      return NULL;
    }
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

/* This application arrived with copies of its forms on other devices:
 * their restored channels join the forms here, each copy welcomed again. */
void
mig_application_restore_form_shares (MigApplication *self,
                                     MigFormTree    *tree)
{
  MigApplicationPrivate *priv = mig_application_get_private (self);
  g_autoptr(GPtrArray) forms = mig_application_list_forms (self);
  GVariant *saved = mig_form_tree_get_form_shares (tree);
  GVariantIter iter;
  GVariant *entry;

  const char *token;

  if (!g_variant_is_of_type (saved, G_VARIANT_TYPE_VARDICT))
    return;
  g_variant_iter_init (&iter, saved);
  while (g_variant_iter_next (&iter, "{&sv}", &token, &entry))
    {
      g_autoptr(GVariant) owned = entry;
      g_autoptr(GVariantDict) dict = NULL;
      const char *name = NULL, *mode = NULL, *peer = NULL, *device = NULL;
      g_autofree char *channel_name = NULL;
      MigChannel *channel;
      FormShare *share;
      guint index = 0;
      MigFormSendMode m;

      if (!g_variant_is_of_type (entry, G_VARIANT_TYPE_VARDICT))
        continue;
      dict = g_variant_dict_new (entry);
      if (strlen (token) != TOKEN_LENGTH ||
          !g_variant_dict_lookup (dict, "form", "&s", &name) || !g_variant_dict_lookup (dict, "index", "u", &index) ||
          !g_variant_dict_lookup (dict, "mode", "&s", &mode) || !g_variant_dict_lookup (dict, "peer", "&s", &peer) ||
          !g_variant_dict_lookup (dict, "device", "&s", &device) || index >= forms->len ||
          g_strcmp0 (form_title (forms->pdata[index]), name) != 0 ||
          g_hash_table_contains (priv->form_shares, token))
        continue;
      channel_name = g_strconcat ("mig-form-", token, NULL);
      channel = mig_application_lookup_channel (self, channel_name);
      if (!mig_form_send_mode_from_name (mode, &m) || channel == NULL)
        continue;

      share = g_new0 (FormShare, 1);
      share->app = self;
      share->token = g_strdup (token);
      share->form = g_object_ref (forms->pdata[index]);
      share->mode = m;
      share->sync = g_object_ref (home_sync (self, share->form, share->mode));
      share->peer_name = g_strdup (peer);
      share->device = g_strdup (device);
      share->channel = g_object_ref (channel);
      g_hash_table_insert (priv->form_shares, share->token, share);
      mig_form_sync_rejoin_peer (share->sync, G_IO_STREAM (channel), device, peer, share->mode == MIG_FORM_SEND_WATCH);
      if (share->mode == MIG_FORM_SEND_MOVE)
        {
          mig_form_sync_set_editor (share->sync, device);
          mig_form_set_placeholder (share->form, new_placeholder (share->form, share->peer_name));
        }
    }
}

/* ---- A form that arrived ---- */

typedef struct
{
  MigApplication *app;
  GWeakRef        window;
  char           *token;
  GStrv           hosts;
  guint           next;
  guint16         port;
  char           *home;
  GError         *error;
} Joining;

static void
joining_free (Joining *j)
{
  g_object_unref (j->app);
  g_weak_ref_clear (&j->window);
  g_free (j->token);
  g_strfreev (j->hosts);
  g_free (j->home);
  g_clear_error (&j->error);
  g_free (j);
}

static void try_next_host (Joining *j);

/* A copy's channel, by its name among its application's channels. */
typedef struct
{
  GWeakRef app;
  char    *name;
} CopyLink;

static CopyLink *
copy_link_new (MigApplication *app,
               const char     *name)
{
  CopyLink *link = g_new0 (CopyLink, 1);

  g_weak_ref_init (&link->app, app);
  link->name = g_strdup (name);
  return link;
}

static void
copy_link_free (gpointer  data,
                GClosure *closure)
{
  CopyLink *link = data;

  g_weak_ref_clear (&link->app);
  g_free (link->name);
  g_free (link);
}

static void
remove_copy_channel (CopyLink *link)
{
  g_autoptr(MigApplication) app = g_weak_ref_get (&link->app);

  if (app != NULL && mig_application_lookup_channel (app, link->name) != NULL)
    mig_application_remove_channel (app, link->name);
}

static void
copy_closed_cb (MigFormSync *sync,
                GError      *error,
                CopyLink    *link)
{
  remove_copy_channel (link);
}

static void
copy_window_destroyed_cb (GtkWidget *window,
                          CopyLink  *link)
{
  remove_copy_channel (link);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Joining *j = user_data;
  g_autoptr(MigFormWindow) window = g_weak_ref_get (&j->window);
  g_autoptr(MigChannel) channel = mig_channel_connect_finish (result, NULL);
  g_autoptr(MigFormSync) sync = NULL;
  g_autoptr(MigIdentity) identity = NULL;
  g_autofree char *device = NULL;
  g_autofree char *name = NULL;
  MigForm *form;

  if (channel == NULL)
    {
      try_next_host (j);
      return;
    }
  form = window != NULL ? mig_form_window_get_form (window) : NULL;
  if (form == NULL ||
      !g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (channel)), j->token, TOKEN_LENGTH,
                                  NULL, NULL, NULL))
    {
      g_io_stream_close_async (G_IO_STREAM (channel), G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      joining_free (j);
      return;
    }
  mig_channel_set_reconnect_timeout (channel, FORM_RECONNECT_SECONDS);
  name = g_strconcat ("mig-form-", j->token, NULL);
  mig_application_add_channel (j->app, name, channel);
  identity = mig_identity_load_default (NULL);
  sync = mig_form_sync_new_remote (form, G_IO_STREAM (channel),
                                   identity != NULL ? mig_identity_get_name (identity) : g_get_host_name ());
  device = g_strconcat (mig_device_id_get (), "/", j->token, NULL);
  mig_form_sync_set_device_id (sync, device);
  g_object_set_data_full (G_OBJECT (form), "mig-form-sync", g_object_ref (sync), g_object_unref);
  mig_form_window_set_sync (window, sync);
  /* The channel is the application's while the copy is joined: once it
   * ends, or its window goes, it goes too. */
  g_signal_connect_data (sync, "closed", G_CALLBACK (copy_closed_cb), copy_link_new (j->app, name),
                         copy_link_free, 0);
  g_signal_connect_data (window, "destroy", G_CALLBACK (copy_window_destroyed_cb), copy_link_new (j->app, name),
                         copy_link_free, 0);
  joining_free (j);
}

static void
try_next_host (Joining *j)
{
  g_autoptr(MigFormWindow) window = g_weak_ref_get (&j->window);

  if (window == NULL)
    {
      joining_free (j);
      return;
    }
  if (j->hosts[j->next] == NULL)
    {
      g_autofree char *reason = g_strdup_printf (_("%s could not be reached."), j->home);

      mig_form_window_show_ended (window, reason);
      joining_free (j);
      return;
    }
  mig_channel_connect_async (j->hosts[j->next++], j->port, MIG_CHANNEL_FLAGS_TLS, NULL, connected_cb, j);
}

/* Joins the home of the form that arrived in the tree's one window. */
void
mig_application_restore_remote_form (MigApplication *self,
                                     MigFormTree    *tree,
                                     GPtrArray      *windows)
{
  g_autoptr(GVariantDict) dict = g_variant_dict_new (mig_form_tree_get_remote_form (tree));
  const char *token = NULL, *home = NULL, *mode = NULL;
  g_autofree const char **hosts = NULL;
  guint16 port = 0;
  MigFormWindow *window = windows->len == 1 && MIG_IS_FORM_WINDOW (windows->pdata[0]) ? windows->pdata[0] : NULL;
  MigForm *form = window != NULL ? mig_form_window_get_form (window) : NULL;
  g_autofree char *subtitle = NULL;
  Joining *j;

  if (form == NULL || !g_variant_dict_lookup (dict, "token", "&s", &token) || strlen (token) != TOKEN_LENGTH ||
      !g_variant_dict_lookup (dict, "hosts", "^a&s", &hosts) || hosts[0] == NULL ||
      !g_variant_dict_lookup (dict, "port", "q", &port) || port == 0 ||
      !g_variant_dict_lookup (dict, "home", "&s", &home) || !g_variant_dict_lookup (dict, "mode", "&s", &mode))
    {
      if (window != NULL)
        mig_form_window_show_ended (window, _("The form arrived without a way to its home."));
      return;
    }
  subtitle = g_strdup_printf (g_strcmp0 (mode, "watch") == 0 ? _("Watching %s") : _("Kept in sync with %s"), home);
  mig_form_window_set_titles (window, form_title (form), subtitle);

  j = g_new0 (Joining, 1);
  j->app = g_object_ref (self);
  g_weak_ref_init (&j->window, window);
  j->token = g_strdup (token);
  j->hosts = g_strdupv ((char **) hosts);
  j->port = port;
  j->home = g_strdup (home);
  try_next_host (j);
}
