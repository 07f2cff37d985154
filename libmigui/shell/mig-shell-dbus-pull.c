/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui-shell"

#include "config.h"

#include "mig-dbus-generated.h"
#include "mig-shell-pull-private.h"
#include "mig-shell-private.h"

/* org.migui.Shell1's "Continue here" methods, for the command line tool
 * and the GNOME Shell extension: ListRunning and Continue
 * (mig-shell-pull-out.c does the work). */

typedef struct
{
  MigDBusShell1 *object;               /* owned */
  GDBusMethodInvocation *invocation;   /* owned until answered */
} PullCall;

static PullCall *
pull_call_new (MigDBusShell1         *object,
               GDBusMethodInvocation *invocation)
{
  PullCall *call = g_new0 (PullCall, 1);

  call->object = g_object_ref (object);
  call->invocation = invocation;
  return call;
}

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autofree PullCall *call = user_data;
  g_autoptr(MigDBusShell1) object = call->object;
  g_autoptr(GVariant) apps = NULL;
  g_autoptr(GError) error = NULL;

  apps = mig_shell_list_remote_running_finish (MIG_SHELL (source), result, &error);
  if (apps != NULL)
    mig_dbus_shell1_complete_list_running (object, call->invocation, apps);
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
  g_autoptr(MigPeer) peer = mig_peer_new (NULL, *name != '\0' ? name : address, address, port);

  mig_shell_list_remote_running_async (self, peer, NULL, listed_cb, pull_call_new (object, invocation));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
continued_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autofree PullCall *call = user_data;
  g_autoptr(MigDBusShell1) object = call->object;
  g_autoptr(GError) error = NULL;

  if (mig_shell_continue_finish (MIG_SHELL (source), result, &error))
    mig_dbus_shell1_complete_continue (object, call->invocation);
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
  g_autoptr(MigPeer) peer = mig_peer_new (NULL, *name != '\0' ? name : address, address, port);

  mig_shell_continue_async (self, peer, app_id, clone, NULL, continued_cb, pull_call_new (object, invocation));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

void
mig_shell_pull_connect (MigShell      *self,
                        MigDBusShell1 *skeleton)
{
  g_signal_connect (skeleton, "handle-list-running", G_CALLBACK (handle_list_running), self);
  g_signal_connect (skeleton, "handle-continue", G_CALLBACK (handle_continue), self);
}
