/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui-shell"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mig-policy-private.h"
#include "mig-shell-access-private.h"
#include "mig-shell-private.h"
#include "mig-trust-store-private.h"

/* Who the device presenting @fingerprint is, and whether it may send
 * @app_id: NULL if it may (or should be asked: *@ask), else the refusal
 * (403 with a code and a sentence).  @claimed_id is the ID the request
 * says the device has, trusted for nothing but to notice a known device
 * whose certificate changed, or a device the policy denies outright. */
MigShellRefusal *
mig_shell_authorize (MigShell         *self,
                     const char       *fingerprint,
                     const char       *claimed_id,
                     const char       *app_id,
                     MigPairedDevice **device,
                     gboolean         *ask)
{
  const char *config_dir = mig_shell_get_config_dir (self);
  g_autoptr(MigPairedDevice) paired = mig_trust_store_lookup_by_fingerprint (config_dir, fingerprint);
  g_autofree char *rule = NULL;
  MigPolicyAction action;

  *ask = FALSE;
  if (paired == NULL)
    {
      g_autoptr(MigPairedDevice) known = mig_trust_store_lookup_by_id (config_dir, claimed_id);

      if (known != NULL)
        {
          g_warning ("SECURITY: %s came as %s (%s) but with the certificate %s, not %s it was paired with: "
                     "%s’s identity changed; refused", app_id != NULL ? "an offer" : "a pairing request",
                     known->name, known->id, fingerprint, known->fingerprint, known->name);
          /* Pairing again is how a changed identity is accepted. */
          if (app_id != NULL)
            return mig_shell_refusal_new ("identity-changed",
                                          _("%s knows this device by another certificate: this device’s "
                                            "identity changed. Pair the devices again if that is expected"),
                                          mig_shell_get_name (self));
        }
      if (mig_policy_device_denied (config_dir, claimed_id))
        return app_id != NULL ?
          mig_shell_refusal_new ("denied", _("%s does not accept applications from this device"),
                                 mig_shell_get_name (self)) :
          mig_shell_refusal_new ("denied", _("%s does not pair with this device"), mig_shell_get_name (self));
      if (app_id == NULL || self->accept_policy == MIG_ACCEPT_POLICY_ALL)
        return NULL;
      return mig_shell_refusal_new ("not-paired", _("This device is not paired with %s; pair them first"),
                                    mig_shell_get_name (self));
    }

  /* Pairing again: only a rule against the device itself stops it (the
   * rules for applications say nothing about pairing). */
  if (app_id == NULL)
    return mig_policy_device_denied (config_dir, paired->id) ?
      mig_shell_refusal_new ("denied", _("%s does not pair with this device"), mig_shell_get_name (self)) : NULL;

  action = mig_policy_decide (config_dir, paired->id, app_id, &rule);
  g_debug ("Policy for %s from %s: %s", app_id, paired->name, rule);
  if (device != NULL)
    *device = g_steal_pointer (&paired);
  if (action == MIG_POLICY_DENY)
    return mig_shell_refusal_new ("denied", _("%s does not accept this application from this device"),
                                  mig_shell_get_name (self));
  *ask = action == MIG_POLICY_ASK && self->accept_policy == MIG_ACCEPT_POLICY_ASK;
  return NULL;
}

MigShellRefusal *
mig_shell_refusal_new (const char *code,
                       const char *format,
                       ...)
{
  MigShellRefusal *refusal = g_new0 (MigShellRefusal, 1);
  va_list args;

  va_start (args, format);
  refusal->code = code;
  refusal->message = g_strdup_vprintf (format, args);
  va_end (args);
  return refusal;
}

void
mig_shell_refusal_free (MigShellRefusal *refusal)
{
  if (refusal == NULL)
    return;
  g_free (refusal->message);
  g_free (refusal);
}

