/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui-shell"

#include "config.h"

#include "mig-dbus-generated.h"
#include "mig-enums.h"
#include "mig-json-reader-private.h"
#include "mig-peer-client-private.h"
#include "mig-peer-browser.h"
#include "mig-shell-pull-private.h"
#include "mig-shell-private.h"

/* org.migui.Shell1's methods that ask other devices, for the command line
 * tool and the GNOME Shell extension: ListRunning and Continue ("Continue
 * here", mig-shell-pull-out.c does the work) and GetApp (whether an
 * application is installed there). */

typedef struct
{
  MigShell *shell;                     /* owned */
  MigDBusShell1 *object;               /* owned */
  GDBusMethodInvocation *invocation;   /* owned until answered */
  MigPeerBrowser *browser;             /* while the device is looked for */
  char *app_id;                        /* Continue's, else NULL */
  gboolean clone;
} PullCall;

static PullCall *
pull_call_new (MigShell              *shell,
               MigDBusShell1         *object,
               GDBusMethodInvocation *invocation)
{
  PullCall *call = g_new0 (PullCall, 1);

  call->shell = g_object_ref (shell);
  call->object = g_object_ref (object);
  call->invocation = invocation;
  return call;
}

static void
pull_call_free (PullCall *call)
{
  g_object_unref (call->shell);
  g_object_unref (call->object);
  g_clear_object (&call->browser);
  g_free (call->app_id);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PullCall, pull_call_free)

static void listed_cb (GObject *source, GAsyncResult *result, gpointer user_data);
static void continued_cb (GObject *source, GAsyncResult *result, gpointer user_data);

static void
start (PullCall *call,
       MigPeer  *peer)
{
  if (call->app_id == NULL)
    mig_shell_list_remote_running_async (call->shell, peer, NULL, listed_cb, call);
  else
    mig_shell_continue_async (call->shell, peer, call->app_id, call->clone, NULL, continued_cb, call);
}

static void
found_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  PullCall *call = user_data;
  g_autoptr(MigPeer) peer = NULL;
  g_autoptr(GError) error = NULL;

  peer = mig_peer_browser_find_finish (MIG_PEER_BROWSER (source), result, &error);
  if (peer == NULL)
    {
      g_dbus_method_invocation_return_gerror (call->invocation, error);
      pull_call_free (call);
      return;
    }
  start (call, peer);
}

/* A device given by address and port, or (no address) by its name or ID,
 * looked for as the command line looks for it: over DNS-SD and among the
 * static peers. */
static void
find_then_start (PullCall   *call,
                 const char *address,
                 guint16     port,
                 const char *name)
{
  g_autoptr(MigPeer) peer = NULL;

  if (*address != '\0')
    {
      peer = mig_peer_new (NULL, *name != '\0' ? name : address, address, port);
      start (call, peer);
      return;
    }
  call->browser = mig_peer_browser_new ();
  mig_peer_browser_start (call->browser);
  mig_peer_browser_find_async (call->browser, name, NULL, found_cb, call);
}

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PullCall) call = user_data;
  g_autoptr(GVariant) apps = NULL;
  g_autoptr(GError) error = NULL;

  apps = mig_shell_list_remote_running_finish (MIG_SHELL (source), result, &error);
  if (apps != NULL)
    mig_dbus_shell1_complete_list_running (call->object, call->invocation, apps);
  else
    g_dbus_method_invocation_return_gerror (call->invocation, error);
}

static gboolean
handle_list_running (MigDBusShell1         *object,
                     GDBusMethodInvocation *invocation,
                     const char            *address,
                     guint16                port,
                     const char            *name,
                     MigShell              *self)
{
  find_then_start (pull_call_new (self, object, invocation), address, port, name);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
continued_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PullCall) call = user_data;
  g_autoptr(GError) error = NULL;

  if (mig_shell_continue_finish (MIG_SHELL (source), result, &error))
    mig_dbus_shell1_complete_continue (call->object, call->invocation);
  else
    g_dbus_method_invocation_return_gerror (call->invocation, error);
}

static gboolean
handle_continue (MigDBusShell1         *object,
                 GDBusMethodInvocation *invocation,
                 const char            *address,
                 guint16                port,
                 const char            *name,
                 const char            *app_id,
                 gboolean               clone,
                 MigShell              *self)
{
  PullCall *call = pull_call_new (self, object, invocation);

  call->app_id = g_strdup (app_id);
  call->clone = clone;
  find_then_start (call, address, port, name);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

typedef struct
{
  MigDBusShell1 *object;               /* owned */
  GDBusMethodInvocation *invocation;   /* owned until answered */
  MigPeer *peer;                       /* owned */
} AppCall;

static void
app_checked_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  AppCall *call = user_data;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  guint status = 0;

  root = mig_peer_request_finish (call->peer, result, &status, &error);
  if (root == NULL && error != NULL)
    g_dbus_method_invocation_return_gerror (call->invocation, error);
  else
    {
      const char *version = status == SOUP_STATUS_OK ? mig_json_node_get_member_string (root, "version") : NULL;

      mig_dbus_shell1_complete_get_app (call->object, call->invocation, status == SOUP_STATUS_OK,
                                        version != NULL && g_utf8_validate (version, -1, NULL) ? version : "");
    }
  g_object_unref (call->object);
  g_object_unref (call->peer);
  g_free (call);
}

static gboolean
handle_get_app (MigDBusShell1         *object,
                GDBusMethodInvocation *invocation,
                const char            *address,
                guint16                port,
                const char            *name,
                const char            *app_id,
                MigShell              *self)
{
  g_autofree char *path = NULL;
  AppCall *call;

  if (!g_application_id_is_valid (app_id))
    {
      g_dbus_method_invocation_return_error (invocation, MIG_ERROR, MIG_ERROR_FAILED,
                                             "“%s” is not an application ID", app_id);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  call = g_new0 (AppCall, 1);
  call->object = g_object_ref (object);
  call->invocation = invocation;
  call->peer = mig_peer_new (NULL, *name != '\0' ? name : address, address, port);
  path = g_strdup_printf ("/v1/apps/%s", app_id);
  mig_peer_request_async (call->peer, self->identity, SOUP_METHOD_GET, path, NULL, NULL, app_checked_cb, call);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

void
mig_shell_pull_connect (MigShell      *self,
                        MigDBusShell1 *skeleton)
{
  g_signal_connect (skeleton, "handle-list-running", G_CALLBACK (handle_list_running), self);
  g_signal_connect (skeleton, "handle-continue", G_CALLBACK (handle_continue), self);
  g_signal_connect (skeleton, "handle-get-app", G_CALLBACK (handle_get_app), self);
}
