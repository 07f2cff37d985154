/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "mig-shell-private.h"

G_BEGIN_DECLS

/* Pairing, both sides: mig-shell-pairing.c (the responder and what both
 * share) and mig-shell-pairing-out.c (the initiator). */

/* The states of a pairing, in the order they are reached. */
typedef enum {
  MIG_PAIRING_COMMITTED,     /* the initiator committed to its nonce */
  MIG_PAIRING_WAITING,       /* the code is shown; waiting for the users */
  MIG_PAIRING_CONFIRMED,
  MIG_PAIRING_REJECTED,
  MIG_PAIRING_EXPIRED,
  MIG_PAIRING_FAILED,
} MigPairingState;

typedef struct
{
  MigShell *shell;
  char *id;                  /* this shell's ID for it */
  gboolean outgoing;         /* this device started it */
  char *remote_id;           /* outgoing: the responder's ID for it */
  char *device_id;           /* the other device, as it says */
  char *device_name;
  char *fingerprint;         /* the other device's certificate */
  char *commitment;          /* incoming: SHA-256 of the initiator's nonce */
  char *nonce_local;
  char *nonce_remote;
  char *code;
  gboolean identity_changed; /* the other device was paired with another certificate */
  gboolean local_confirmed;
  gboolean remote_confirmed;
  MigPairingState state;
  char *message;
  guint timeout_id;
  guint poll_id;             /* outgoing: next question to the responder */
  MigPeer *peer;             /* outgoing */
  GTask *task;               /* outgoing, until it ends */
  GCancellable *cancellable;
  gulong cancel_id;
} MigShellPairing;

GHashTable        *mig_shell_pairings_new     (void);
void               mig_shell_route_pairing    (MigShell          *self,
                                               SoupServerMessage *msg,
                                               GStrv              parts,
                                               const char        *fingerprint);
void               mig_shell_cancel_pairing   (GCancellable      *cancellable,
                                               gpointer           data);
void               mig_shell_emit_pairing_requested (MigShell        *self,
                                               MigShellPairing   *pairing);
void               mig_shell_emit_pairing_finished  (MigShell        *self,
                                               const char        *pairing_id,
                                               gboolean           success,
                                               const char        *message);
MigShellPairing   *mig_shell_pairing_add      (MigShell          *self,
                                               gboolean           outgoing);
void               mig_shell_pairing_show_code (MigShell         *self,
                                               MigShellPairing   *pairing);
void               mig_shell_pairing_finish   (MigShell          *self,
                                               MigShellPairing   *pairing,
                                               MigPairingState    state,
                                               const char        *message);
void               mig_shell_pairing_complete (MigShell          *self,
                                               MigShellPairing   *pairing);
void               mig_shell_pairing_outgoing_ended (MigShell    *self,
                                               MigShellPairing   *pairing);
char              *mig_pairing_random_nonce   (void) G_GNUC_WARN_UNUSED_RESULT;
char              *mig_pairing_sha256_hex     (const char        *text) G_GNUC_WARN_UNUSED_RESULT;
gboolean           mig_pairing_is_nonce       (const char        *text);
char              *mig_pairing_code           (const char        *initiator_fingerprint,
                                               const char        *responder_fingerprint,
                                               const char        *initiator_nonce,
                                               const char        *responder_nonce) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
