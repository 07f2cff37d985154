/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "mig-shell-private.h"
#include "mig-trust-store-private.h"

G_BEGIN_DECLS

/* Who may do what: mig-shell-access.c, over mig-policy.c's rules. */

/* Why a request is refused: 403 with an error code and a sentence. */
typedef struct
{
  const char *code;
  char *message;
} MigShellRefusal;

MigShellRefusal   *mig_shell_authorize        (MigShell          *self,
                                               const char        *fingerprint,
                                               const char        *claimed_id,
                                               const char        *app_id,
                                               MigPairedDevice  **device,
                                               gboolean          *ask);
MigShellRefusal   *mig_shell_refusal_new      (const char        *code,
                                               const char        *format,
                                               ...) G_GNUC_PRINTF (2, 3);
void               mig_shell_refusal_free     (MigShellRefusal   *refusal);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MigShellRefusal, mig_shell_refusal_free)

G_END_DECLS
