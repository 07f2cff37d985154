/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a shell does with an offer (or a pairing request) of a device. */
typedef enum {
  MIG_POLICY_ASK,
  MIG_POLICY_ALLOW,
  MIG_POLICY_DENY,
} MigPolicyAction;

const char      *mig_policy_action_to_string   (MigPolicyAction   action);
gboolean         mig_policy_action_from_string (const char       *text,
                                                MigPolicyAction  *action);
MigPolicyAction  mig_policy_decide             (const char       *config_dir,
                                                const char       *device_id,
                                                const char       *app_id,
                                                char            **rule) G_GNUC_WARN_UNUSED_RESULT;
MigPolicyAction  mig_policy_decide_pull        (const char       *config_dir,
                                                const char       *device_id,
                                                const char       *app_id,
                                                char            **rule) G_GNUC_WARN_UNUSED_RESULT;
gboolean         mig_policy_device_denied      (const char       *config_dir,
                                                const char       *device_id);
gboolean         mig_policy_set                (const char       *config_dir,
                                                const char       *device_id,
                                                const char       *app_id,
                                                MigPolicyAction   action,
                                                GError          **error);
GVariant        *mig_policy_list               (const char       *config_dir) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
