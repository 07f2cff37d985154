/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "mig-dbus-generated.h"
#include "mig-peer.h"
#include "mig-shell.h"

G_BEGIN_DECLS

/* A migratory application running on this device (mig-shell-running.c). */
typedef struct
{
  char *id;
  char *name;
  char *icon;     /* a themed icon's name, or NULL */
  GStrv titles;   /* of its windows */
} MigRunningApp;

void       mig_running_app_free           (MigRunningApp        *app);
void       mig_shell_list_running_async   (MigShell             *self,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
GPtrArray *mig_shell_list_running_finish  (MigShell             *self,
                                           GAsyncResult         *result,
                                           GError              **error);
char      *mig_shell_object_path_for_app_id (const char         *app_id);

/* The states of a pull this device was asked for (mig-shell-pull.c). */
typedef enum {
  MIG_PULL_ASKING,
  MIG_PULL_SENDING,
  MIG_PULL_DONE,
  MIG_PULL_FAILED,
} MigPullState;

typedef struct
{
  char *id;
  char *app_id;
  char *app_name;
  char *requester_id;
  char *requester_name;
  char *requester_fingerprint;
  char *target;           /* host:port of the requester's shell */
  gboolean clone;
  MigPullState state;
  char *code;             /* when failed: an error code of docs/protocol.md */
  char *error;            /* when failed: a sentence for the requester's user */
} MigShellPull;

void       mig_shell_pull_free            (MigShellPull         *pull);
void       mig_shell_handle_running       (MigShell             *self,
                                           SoupServerMessage    *msg,
                                           const char           *fingerprint);
void       mig_shell_handle_pull          (MigShell             *self,
                                           SoupServerMessage    *msg,
                                           const char           *app_id,
                                           const char           *fingerprint);
void       mig_shell_handle_pull_status   (MigShell             *self,
                                           SoupServerMessage    *msg,
                                           const char           *pull_id,
                                           const char           *fingerprint);

/* The requester's side (mig-shell-pull-out.c): whether an offer of
 * @app_id from the device of @fingerprint is one this device pulled, and
 * so needs nobody's answer; it is then expected no more. */
gboolean   mig_shell_take_expected_pull   (MigShell             *self,
                                           const char           *fingerprint,
                                           const char           *app_id);

void       mig_shell_list_remote_running_async  (MigShell            *self,
                                                 MigPeer             *peer,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GVariant  *mig_shell_list_remote_running_finish (MigShell            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
void       mig_shell_continue_async             (MigShell            *self,
                                                 MigPeer             *peer,
                                                 const char          *app_id,
                                                 gboolean             clone,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean   mig_shell_continue_finish            (MigShell            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* Connects ListRunning and Continue to the shell's skeleton. */
void       mig_shell_pull_connect               (MigShell            *self,
                                                 MigDBusShell1       *skeleton);

G_END_DECLS
