/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include "mig-application-private.h"
#include "mig-dbus-generated.h"

/*
 * org.migui.Application1 (data/dbus/org.migui.Application1.xml): what the
 * migui command line tool asks of a running application, with results
 * (actions have none).  Exported through the generated skeleton at the
 * application's object path, beside GApplication's own interfaces.
 */

/* A Migrate call while it goes on. */
typedef struct
{
  MigApplication *app;                /* owned */
  MigDBusApplication1 *object;        /* owned */
  GDBusMethodInvocation *invocation;  /* owned until answered */
  gboolean clone;
  GCancellable *cancellable;          /* owned: Cancel's */
} MigrateCall;

static void
migrate_call_free (MigrateCall *call)
{
  MigApplicationPrivate *priv = mig_application_get_private (call->app);

  if (priv->dbus_migrate_cancellable == call->cancellable)
    g_clear_object (&priv->dbus_migrate_cancellable);
  g_clear_object (&call->cancellable);
  g_clear_object (&call->app);
  g_clear_object (&call->object);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MigrateCall, migrate_call_free)

static void
migrate_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MigrateCall) call = user_data;
  g_autoptr(GError) error = NULL;
  GVariantDict figures;
  double restored_ms;
  guint64 bytes_sent;

  g_assert (MIG_IS_APPLICATION (source));

  if (!mig_application_migrate_finish (MIG_APPLICATION (source), result, &error))
    {
      g_dbus_method_invocation_return_gerror (call->invocation, error);
      return;
    }
  mig_application_migrate_get_figures (result, &restored_ms, &bytes_sent);
  g_variant_dict_init (&figures, NULL);
  g_variant_dict_insert (&figures, "restored-ms", "d", restored_ms);
  g_variant_dict_insert (&figures, "bytes-sent", "t", bytes_sent);
  mig_dbus_application1_complete_migrate (call->object, call->invocation, g_variant_dict_end (&figures));
}

static void
peer_found_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(MigrateCall) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MigPeer) peer = NULL;
  MigApplication *self = call->app;
  MigMigrateFlags flags = call->clone ? MIG_MIGRATE_CLONE : MIG_MIGRATE_MOVE;
  GCancellable *cancellable;

  g_assert (MIG_IS_PEER_BROWSER (source));

  peer = mig_peer_browser_find_finish (MIG_PEER_BROWSER (source), result, &error);
  if (peer == NULL)
    {
      g_dbus_method_invocation_return_gerror (call->invocation, error);
      return;
    }
  /* The call is handed on whole: nothing of it is read after this. */
  cancellable = call->cancellable;
  mig_application_migrate_async (self, peer, flags, cancellable, migrate_done_cb, g_steal_pointer (&call));
}

static gboolean
handle_migrate (MigDBusApplication1   *object,
                GDBusMethodInvocation *invocation,
                const char            *peer_name,
                gboolean               clone,
                MigApplication        *self)
{
  MigrateCall *call = g_new0 (MigrateCall, 1);

  call->app = g_object_ref (self);
  call->object = g_object_ref (object);
  call->invocation = invocation;
  call->clone = clone;
  call->cancellable = g_cancellable_new ();
  /* The last call's: one migration goes on at a time. */
  g_set_object (&mig_application_get_private (self)->dbus_migrate_cancellable, call->cancellable);
  mig_peer_browser_find_async (mig_application_get_private (self)->peers, peer_name, call->cancellable,
                               peer_found_cb, call);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_cancel (MigDBusApplication1   *object,
               GDBusMethodInvocation *invocation,
               MigApplication        *self)
{
  GCancellable *cancellable = mig_application_get_private (self)->dbus_migrate_cancellable;
  gboolean cancelled = cancellable != NULL && !g_cancellable_is_cancelled (cancellable);

  if (cancelled)
    g_cancellable_cancel (cancellable);
  mig_dbus_application1_complete_cancel (object, invocation, cancelled);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_save (MigDBusApplication1   *object,
             GDBusMethodInvocation *invocation,
             const char            *path,
             MigApplication        *self)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  if (!mig_application_save_to_file (self, file, &error))
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  mig_dbus_application1_complete_save (object, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_list_peers (MigDBusApplication1   *object,
                   GDBusMethodInvocation *invocation,
                   MigApplication        *self)
{
  GListModel *peers = mig_application_get_peers (self);
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ssssqb)"));
  for (guint i = 0; i < g_list_model_get_n_items (peers); i++)
    {
      g_autoptr(MigPeer) peer = g_list_model_get_item (peers, i);

      g_variant_builder_add (&builder, "(ssssqb)", mig_peer_get_id (peer),
                             mig_peer_get_name (peer) != NULL ? mig_peer_get_name (peer) : "",
                             mig_form_factor_to_string (mig_peer_get_form_factor (peer)),
                             mig_peer_get_address (peer), mig_peer_get_port (peer),
                             mig_peer_get_trusted (peer));
    }
  mig_dbus_application1_complete_list_peers (object, invocation, g_variant_builder_end (&builder));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_list_windows (MigDBusApplication1   *object,
                     GDBusMethodInvocation *invocation,
                     MigApplication        *self)
{
  g_autoptr(GStrvBuilder) titles = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;

  g_autoptr(GPtrArray) windows = mig_application_list_windows (self);

  /* The windows that would go: its migratory ones. */
  for (guint i = 0; i < windows->len; i++)
    {
      const char *title = gtk_window_get_title (windows->pdata[i]);

      g_strv_builder_add (titles, title != NULL ? title : "");
    }
  list = g_strv_builder_end (titles);
  mig_dbus_application1_complete_list_windows (object, invocation, (const char * const *) list);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_list_forms (MigDBusApplication1   *object,
                   GDBusMethodInvocation *invocation,
                   MigApplication        *self)
{
  g_autoptr(GPtrArray) forms = mig_application_list_forms (self);
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ssas)"));
  for (guint i = 0; i < forms->len; i++)
    {
      MigForm *form = forms->pdata[i];
      g_auto(GStrv) devices = mig_application_dup_form_devices (self, form);
      const char *name = mig_form_get_form_name (form);

      g_variant_builder_add (&builder, "(ss^as)", name != NULL ? name : G_OBJECT_TYPE_NAME (form),
                             G_OBJECT_TYPE_NAME (form), devices);
    }
  mig_dbus_application1_complete_list_forms (object, invocation, g_variant_builder_end (&builder));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* A SendForm call while it goes on. */
typedef struct
{
  MigApplication        *app;
  MigDBusApplication1   *object;
  GDBusMethodInvocation *invocation;
  MigForm               *form;
  MigFormSendMode        mode;
} SendFormCall;

static void
send_form_call_free (SendFormCall *call)
{
  g_clear_object (&call->app);
  g_clear_object (&call->object);
  g_clear_object (&call->form);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SendFormCall, send_form_call_free)

static void
form_sent_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SendFormCall) call = user_data;
  g_autoptr(GError) error = NULL;

  if (!mig_application_send_form_finish (MIG_APPLICATION (source), result, &error))
    g_dbus_method_invocation_return_gerror (call->invocation, error);
  else
    mig_dbus_application1_complete_send_form (call->object, call->invocation);
}

static void
form_peer_found_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SendFormCall) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MigPeer) peer = mig_peer_browser_find_finish (MIG_PEER_BROWSER (source), result, &error);
  MigApplication *app;
  MigForm *form;
  MigFormSendMode mode;

  if (peer == NULL)
    {
      g_dbus_method_invocation_return_gerror (call->invocation, error);
      return;
    }
  /* The call is handed on whole: nothing of it is read after this. */
  app = call->app;
  form = call->form;
  mode = call->mode;
  mig_application_send_form_async (app, form, peer, mode, NULL, form_sent_cb, g_steal_pointer (&call));
}

static gboolean
handle_send_form (MigDBusApplication1   *object,
                  GDBusMethodInvocation *invocation,
                  const char            *form_name,
                  const char            *peer_name,
                  const char            *mode,
                  MigApplication        *self)
{
  MigForm *form = mig_application_find_form (self, form_name);
  SendFormCall *call;
  MigFormSendMode send_mode;

  if (!mig_form_send_mode_from_name (mode, &send_mode))
    {
      g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                             "The mode is “move”, “share” or “watch”, not “%s”", mode);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  if (form == NULL)
    {
      g_dbus_method_invocation_return_error (invocation, MIG_ERROR, MIG_ERROR_UNKNOWN_TYPE,
                                             "The application has no form “%s” that may travel", form_name);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  call = g_new0 (SendFormCall, 1);
  call->app = g_object_ref (self);
  call->object = g_object_ref (object);
  call->invocation = invocation;
  call->form = g_object_ref (form);
  call->mode = send_mode;
  mig_peer_browser_find_async (mig_application_get_private (self)->peers, peer_name, NULL, form_peer_found_cb,
                               call);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

gboolean
mig_application_dbus_register (GApplication     *application,
                               GDBusConnection  *connection,
                               const char       *object_path,
                               GError          **error)
{
  MigApplicationPrivate *priv = mig_application_get_private (MIG_APPLICATION (application));
  g_autoptr(MigDBusApplication1) skeleton = mig_dbus_application1_skeleton_new ();

  g_signal_connect (skeleton, "handle-migrate", G_CALLBACK (handle_migrate), application);
  g_signal_connect (skeleton, "handle-save", G_CALLBACK (handle_save), application);
  g_signal_connect (skeleton, "handle-cancel", G_CALLBACK (handle_cancel), application);
  g_signal_connect (skeleton, "handle-list-peers", G_CALLBACK (handle_list_peers), application);
  g_signal_connect (skeleton, "handle-list-windows", G_CALLBACK (handle_list_windows), application);
  g_signal_connect (skeleton, "handle-list-forms", G_CALLBACK (handle_list_forms), application);
  g_signal_connect (skeleton, "handle-send-form", G_CALLBACK (handle_send_form), application);
  if (!g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (skeleton), connection, object_path,
                                         error))
    return FALSE;
  priv->dbus_skeleton = g_steal_pointer (&skeleton);
  return TRUE;
}

void
mig_application_dbus_unregister (GApplication    *application,
                                 GDBusConnection *connection,
                                 const char      *object_path)
{
  MigApplicationPrivate *priv = mig_application_get_private (MIG_APPLICATION (application));

  if (priv->dbus_skeleton == NULL)
    return;
  g_dbus_interface_skeleton_unexport (G_DBUS_INTERFACE_SKELETON (priv->dbus_skeleton));
  g_signal_handlers_disconnect_by_data (priv->dbus_skeleton, application);
  g_clear_object (&priv->dbus_skeleton);
}
