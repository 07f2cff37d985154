/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "mig-shell-private.h"

G_BEGIN_DECLS

/* Limits of what a shell accepts from the network. */
#define MIG_SHELL_MAX_OFFER_BYTES   (64 * 1024)
#define MIG_SHELL_MAX_WAIT_SECONDS  30
#define MIG_SHELL_STALL_SECONDS     60
#define MIG_SHELL_MAX_IN_FLIGHT     8
/* Per device: migrations in flight, and offers in a minute. */
#define MIG_SHELL_MAX_IN_FLIGHT_PER_DEVICE 3
#define MIG_SHELL_MAX_OFFERS_PER_MINUTE    60
/* A request's headers must arrive within this many seconds, and its body
 * within as many more plus the time it takes at MIG_SHELL_MIN_BYTES_PER_SECOND:
 * a client that sends a byte a second is dropped. */
#define MIG_SHELL_REQUEST_SECONDS          10
#define MIG_SHELL_MIN_BYTES_PER_SECOND     (16 * 1024)
/* A kept-alive connection that stays silent this long is closed; longer
 * than a client keeps one (MIG_PEER_CLIENT_IDLE_SECONDS) and than a long
 * poll waits. */
#define MIG_SHELL_IDLE_SECONDS             (MIG_SHELL_MAX_WAIT_SECONDS + MIG_SHELL_REQUEST_SECONDS)
/* Each user has this long to confirm a pairing's code. */
#define MIG_SHELL_PAIRING_SECONDS          30

/* What the shell keeps about one request, from its start to its end:
 * the server's own per-message state (see mig-shell-http.c).  Freed when
 * the message finishes or goes, whichever comes first. */
typedef enum {
  MIG_SHELL_REQUEST_PLAIN,
  MIG_SHELL_REQUEST_UPLOAD,      /* a tree coming in */
  MIG_SHELL_REQUEST_LONG_POLL,   /* paused in its migration's waiters */
} MigShellRequestKind;

typedef struct
{
  MigShell            *shell;        /* borrowed: the shell drops its requests first */
  SoupServerMessage   *msg;          /* borrowed, weakly */
  guint                deadline_id;  /* the request must have arrived by then */
  MigShellRequestKind  kind;
  char                *migration_id; /* an upload's or a long poll's */
  guint                wait_id;      /* a long poll answers then anyway */
} MigShellRequest;

/* What the shell keeps about one client connection. */
typedef struct
{
  MigShell *shell;                   /* borrowed */
  GSocket  *socket;                  /* borrowed, weakly */
  char     *fingerprint;             /* of the client's certificate */
  guint     idle_id;                 /* kept alive and silent: closed then */
} MigShellConnection;

void             mig_shell_http_init        (MigShell          *self);
void             mig_shell_add_handlers     (MigShell          *self);
void             mig_shell_remove_handlers  (MigShell          *self);
/* How long a released server's connections have to end their handshakes. */
#define MIG_SHELL_HANDSHAKE_SECONDS 5
void             mig_shell_release_server   (SoupServer        *server);
MigShellRequest *mig_shell_get_request      (MigShell          *self,
                                             SoupServerMessage *msg);

void             mig_shell_respond          (SoupServerMessage *msg,
                                             guint              status,
                                             JsonBuilder       *builder);
void             mig_shell_respond_error    (SoupServerMessage *msg,
                                             guint              status,
                                             const char        *code,
                                             const char        *message);
gboolean         mig_shell_count_request    (MigShell          *self,
                                             const char        *fingerprint);

/* The migration endpoints, mig-shell-migrations.c */
void             mig_shell_handle_info      (MigShell          *self,
                                             SoupServerMessage *msg);
void             mig_shell_handle_app       (MigShell          *self,
                                             SoupServerMessage *msg,
                                             const char        *app_id);
void             mig_shell_handle_offer     (MigShell          *self,
                                             SoupServerMessage *msg,
                                             const char        *fingerprint);
void             mig_shell_check_upload     (MigShell          *self,
                                             SoupServerMessage *msg,
                                             const char        *id,
                                             const char        *fingerprint);
void             mig_shell_handle_upload    (MigShell          *self,
                                             SoupServerMessage *msg,
                                             const char        *id,
                                             const char        *fingerprint);
void             mig_shell_handle_status    (MigShell          *self,
                                             SoupServerMessage *msg,
                                             const char        *id,
                                             const char        *fingerprint,
                                             GHashTable        *query);
void             mig_shell_handle_decision  (MigShell          *self,
                                             SoupServerMessage *msg,
                                             const char        *id,
                                             const char        *fingerprint,
                                             gboolean           commit);
void             mig_shell_request_ended    (MigShell          *self,
                                             MigShellRequest   *request);
void             mig_shell_wake_waiter      (MigShell          *self,
                                             MigShellMigration *migration,
                                             SoupServerMessage *msg);
void             mig_shell_finish_offer     (MigShell          *self,
                                             MigShellMigration *migration,
                                             gboolean           accept);

G_END_DECLS
