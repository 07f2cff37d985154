/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "mig-dbus-generated.h"
#include "mig-identity-private.h"
#include "mig-peer.h"
#include "mig-shell.h"
#include "mig-trust-store-private.h"

G_BEGIN_DECLS

/* The states of an incoming migration, in the order they are reached. */
typedef enum {
  MIG_SHELL_STATE_OFFERED,
  MIG_SHELL_STATE_RECEIVING,
  MIG_SHELL_STATE_RESTORING,
  MIG_SHELL_STATE_RESTORED,
  MIG_SHELL_STATE_COMMITTED,
  MIG_SHELL_STATE_FAILED,
  MIG_SHELL_STATE_ABORTED,
} MigShellState;

typedef struct
{
  char *id;
  char *app_id;
  char *app_version;
  gboolean clone;
  gsize size;
  char *sha256;
  char *source_id;
  char *source_name;
  char *source_fingerprint;
  MigShellState state;
  char *error;
  char *path;
  GPtrArray *waiters;        /* SoupServerMessage, paused long polls */
  guint stall_id;
  guint owner_watch_id;      /* the app's bus name, while it restores */
  SoupServerMessage *pending_offer; /* paused while the user is asked */
} MigShellMigration;

struct _MigShell
{
  GObject parent_instance;

  MigIdentity *identity;
  char *incoming_dir;
  MigAcceptPolicy accept_policy;
  MigDeviceProfile *profile;
  SoupServer *server;
  guint16 port;
  GHashTable *migrations;    /* id → MigShellMigration */
  GHashTable *requests; /* SoupServerMessage → MigShellRequest, see mig-shell-http-private.h */
  GHashTable *connections;   /* GSocket → MigShellConnection */
  GHashTable *offer_times;   /* client fingerprint → GArray of gint64, its offers in the last minute */
  guint request_seconds;     /* MIG_SHELL_REQUEST_SECONDS; tests make it shorter */
  guint idle_seconds;        /* MIG_SHELL_IDLE_SECONDS; tests make it shorter */
  guint stall_seconds;       /* MIG_SHELL_STALL_SECONDS, or shell.conf's [limits] */
  char *streams_fingerprint; /* for requests on streams without a socket: fuzzing only */
  guint offers_per_minute;   /* MIG_SHELL_MAX_OFFERS_PER_MINUTE, or shell.conf's [limits] */
  GHashTable *pairings;      /* id → MigShellPairing */
  guint pairing_seconds;     /* MIG_SHELL_PAIRING_SECONDS; tests make it shorter */
  GQueue *finished;          /* ids of finished migrations, oldest first */
  GDBusConnection *connection;
  MigDBusShell1 *skeleton;   /* org.migui.Shell1, while exported */
  gpointer publisher;        /* MigShellPublisher, when published */
  GHashTable *pulls;         /* id → MigShellPull, asked of this device */
  GPtrArray *expected_pulls; /* pulls this device asked for, see mig-shell-pull-out.c */
  GObject *nearby;           /* MigPeerBrowser, from the first ListNearby */
};

const char        *mig_shell_state_to_string  (MigShellState      state);
MigShellMigration *mig_shell_lookup           (MigShell          *self,
                                               const char        *id);
MigShellMigration *mig_shell_add_migration    (MigShell          *self);
void               mig_shell_set_state        (MigShell          *self,
                                               MigShellMigration *migration,
                                               MigShellState      state,
                                               const char        *error);
gboolean           mig_shell_deliver          (MigShell          *self,
                                               MigShellMigration *migration,
                                               GError           **error);
gboolean           mig_shell_launch           (MigShell          *self,
                                               MigShellMigration *migration,
                                               GError           **error);
gboolean           mig_shell_emit_ask         (MigShell          *self,
                                               MigShellMigration *migration,
                                               const char        *app_name);
gboolean           mig_shell_emit_ask_pull    (MigShell          *self,
                                               gpointer           pull);
gboolean           mig_shell_app_lookup       (const char        *app_id,
                                               char             **name,
                                               char             **version);
void               mig_shell_watch_owner      (MigShell          *self,
                                               MigShellMigration *migration,
                                               const char        *owner);

void               mig_shell_trust_connect    (MigShell          *self,
                                               MigDBusShell1     *skeleton);

gpointer           mig_shell_publisher_new    (MigShell          *self);
void               mig_shell_publisher_free   (gpointer           publisher);

G_END_DECLS
