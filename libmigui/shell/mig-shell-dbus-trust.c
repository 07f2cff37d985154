/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui-shell"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mig-policy-private.h"
#include "mig-shell-pairing-private.h"
#include "mig-shell-private.h"
#include "mig-trust-store-private.h"

/* The session-bus methods of org.migui.Shell1 about trust: pairing,
 * paired devices and the access policy, for the `migui` command line and
 * desktop settings.  Only the device's own session bus reaches them. */

static void
paired_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GDBusMethodInvocation) invocation = user_data;
  g_autoptr(GError) error = NULL;

  if (mig_shell_pair_finish (MIG_SHELL (source), result, &error))
    g_dbus_method_invocation_return_value (invocation, NULL);
  else
    g_dbus_method_invocation_return_gerror (invocation, error);
}

/* A device named on the command line: a paired device's ID, name or
 * fingerprint, else taken as a device ID. */
static char *
resolve_device (MigShell   *self,
                const char *device)
{
  g_autoptr(MigPairedDevice) paired = mig_trust_store_find (mig_shell_get_config_dir (self), device);

  return g_strdup (paired != NULL ? paired->id : device);
}

/* Handles @method_name if it is one of these; FALSE if not. */
gboolean
mig_shell_trust_method (MigShell              *self,
                        const char            *method_name,
                        GVariant              *parameters,
                        GDBusMethodInvocation *invocation)
{
  g_autoptr(GError) error = NULL;
  const char *config_dir = mig_shell_get_config_dir (self);

  if (strcmp (method_name, "Pair") == 0)
    {
      const char *address, *name;
      guint16 port;
      g_autoptr(MigPeer) peer = NULL;

      g_variant_get (parameters, "(&sq&s)", &address, &port, &name);
      peer = mig_peer_new (NULL, *name != '\0' ? name : address, address, port);
      mig_shell_pair_async (self, peer, NULL, paired_cb, g_object_ref (invocation));
    }
  else if (strcmp (method_name, "ConfirmPairing") == 0)
    {
      const char *id;
      gboolean confirm;

      g_variant_get (parameters, "(&sb)", &id, &confirm);
      mig_shell_confirm_pairing (self, id, confirm);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (strcmp (method_name, "GetPairings") == 0)
    {
      GVariant *pairings = mig_shell_get_pairings (self);

      g_dbus_method_invocation_return_value (invocation, g_variant_new_tuple (&pairings, 1));
      g_variant_unref (pairings);
    }
  else if (strcmp (method_name, "ListDevices") == 0)
    {
      g_autoptr(GPtrArray) devices = mig_trust_store_list (config_dir);
      GVariantBuilder builder;

      g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ssss)"));
      for (guint i = 0; i < devices->len; i++)
        {
          MigPairedDevice *device = g_ptr_array_index (devices, i);

          g_variant_builder_add (&builder, "(ssss)", device->id, device->name, device->fingerprint,
                                 device->paired != NULL ? device->paired : "");
        }
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(a(ssss))", &builder));
    }
  else if (strcmp (method_name, "Unpair") == 0)
    {
      const char *device, *address;
      guint16 port;
      g_autoptr(MigPeer) peer = NULL;

      g_variant_get (parameters, "(&s&sq)", &device, &address, &port);
      if (*address != '\0' && port != 0)
        peer = mig_peer_new (NULL, device, address, port);
      if (mig_shell_unpair (self, device, peer, &error))
        g_dbus_method_invocation_return_value (invocation, NULL);
      else
        g_dbus_method_invocation_return_gerror (invocation, error);
    }
  else if (strcmp (method_name, "ListPolicy") == 0)
    {
      GVariant *rules = mig_policy_list (config_dir);

      g_dbus_method_invocation_return_value (invocation, g_variant_new_tuple (&rules, 1));
      g_variant_unref (rules);
    }
  else if (strcmp (method_name, "SetPolicy") == 0)
    {
      const char *device, *app_id, *action_text;
      g_autofree char *device_id = NULL;
      MigPolicyAction action;

      g_variant_get (parameters, "(&s&s&s)", &device, &app_id, &action_text);
      if (!mig_policy_action_from_string (action_text, &action))
        {
          g_dbus_method_invocation_return_error (invocation, MIG_ERROR, MIG_ERROR_FAILED,
                                                 _("The action is allow, deny or ask, not “%s”"), action_text);
          return TRUE;
        }
      if (*device != '\0' && strcmp (device, "*") != 0)
        device_id = resolve_device (self, device);
      if (mig_policy_set (config_dir, device_id, *app_id != '\0' ? app_id : NULL, action, &error))
        g_dbus_method_invocation_return_value (invocation, NULL);
      else
        g_dbus_method_invocation_return_gerror (invocation, error);
    }
  else
    return FALSE;
  return TRUE;
}
