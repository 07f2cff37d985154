/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui-shell"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mig-dbus-generated.h"
#include "mig-enums.h"
#include "mig-peer-browser.h"
#include "mig-policy-private.h"
#include "mig-shell-pairing-private.h"
#include "mig-shell-private.h"
#include "mig-trust-store-private.h"

/* The session-bus methods of org.migui.Shell1 about trust: pairing,
 * paired devices and the access policy, for the `migui` command line and
 * desktop settings.  Only the device's own session bus reaches them. */

typedef struct
{
  MigDBusShell1 *object;               /* owned */
  GDBusMethodInvocation *invocation;   /* owned until answered */
} PairCall;

static void
paired_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autofree PairCall *call = user_data;
  g_autoptr(MigDBusShell1) object = call->object;
  g_autoptr(GError) error = NULL;

  g_assert (MIG_IS_SHELL (source));

  if (mig_shell_pair_finish (MIG_SHELL (source), result, &error))
    mig_dbus_shell1_complete_pair (object, call->invocation);
  else
    g_dbus_method_invocation_return_gerror (call->invocation, error);
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

static gboolean
handle_pair (MigDBusShell1         *object,
             GDBusMethodInvocation *invocation,
             const char            *address,
             guint16                port,
             const char            *name,
             MigShell              *self)
{
  g_autoptr(MigPeer) peer = mig_peer_new (NULL, *name != '\0' ? name : address, address, port);
  PairCall *call = g_new0 (PairCall, 1);

  call->object = g_object_ref (object);
  call->invocation = invocation;
  mig_shell_pair_async (self, peer, NULL, paired_cb, call);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_confirm_pairing (MigDBusShell1         *object,
                        GDBusMethodInvocation *invocation,
                        const char            *id,
                        gboolean               confirm,
                        MigShell              *self)
{
  mig_shell_confirm_pairing (self, id, confirm);
  mig_dbus_shell1_complete_confirm_pairing (object, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_get_pairings (MigDBusShell1         *object,
                     GDBusMethodInvocation *invocation,
                     MigShell              *self)
{
  g_autoptr(GVariant) pairings = mig_shell_get_pairings (self);

  mig_dbus_shell1_complete_get_pairings (object, invocation, pairings);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* The devices nearby, for the GNOME Shell extension's "Pair…": looked for
 * from the first call on. */
static gboolean
handle_list_nearby (MigDBusShell1         *object,
                    GDBusMethodInvocation *invocation,
                    MigShell              *self)
{
  GVariantBuilder builder;
  GListModel *peers;

  if (self->nearby == NULL)
    {
      self->nearby = G_OBJECT (mig_peer_browser_new ());
      mig_peer_browser_start (MIG_PEER_BROWSER (self->nearby));
    }
  peers = G_LIST_MODEL (self->nearby);
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ssssqb)"));
  for (guint i = 0; i < g_list_model_get_n_items (peers); i++)
    {
      g_autoptr(MigPeer) peer = g_list_model_get_item (peers, i);

      /* Not yet known who it is (a static peer before its /v1/info). */
      if (mig_peer_get_id (peer) == NULL)
        continue;
      g_variant_builder_add (&builder, "(ssssqb)", mig_peer_get_id (peer),
                             mig_peer_get_name (peer) != NULL ? mig_peer_get_name (peer) : "",
                             mig_form_factor_to_string (mig_peer_get_form_factor (peer)),
                             mig_peer_get_address (peer), mig_peer_get_port (peer), mig_peer_get_trusted (peer));
    }
  mig_dbus_shell1_complete_list_nearby (object, invocation, g_variant_builder_end (&builder));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_list_devices (MigDBusShell1         *object,
                     GDBusMethodInvocation *invocation,
                     MigShell              *self)
{
  g_autoptr(GPtrArray) devices = mig_trust_store_list (mig_shell_get_config_dir (self));
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ssss)"));
  for (guint i = 0; i < devices->len; i++)
    {
      MigPairedDevice *device = g_ptr_array_index (devices, i);

      g_variant_builder_add (&builder, "(ssss)", device->id, device->name, device->fingerprint,
                             device->paired != NULL ? device->paired : "");
    }
  mig_dbus_shell1_complete_list_devices (object, invocation, g_variant_builder_end (&builder));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_unpair (MigDBusShell1         *object,
               GDBusMethodInvocation *invocation,
               const char            *device,
               const char            *address,
               guint16                port,
               MigShell              *self)
{
  g_autoptr(MigPeer) peer = NULL;
  g_autoptr(GError) error = NULL;

  if (*address != '\0' && port != 0)
    peer = mig_peer_new (NULL, device, address, port);
  if (!mig_shell_unpair (self, device, peer, &error))
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  mig_dbus_shell1_complete_unpair (object, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_list_policy (MigDBusShell1         *object,
                    GDBusMethodInvocation *invocation,
                    MigShell              *self)
{
  g_autoptr(GVariant) rules = mig_policy_list (mig_shell_get_config_dir (self));

  mig_dbus_shell1_complete_list_policy (object, invocation, rules);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_set_policy (MigDBusShell1         *object,
                   GDBusMethodInvocation *invocation,
                   const char            *device,
                   const char            *app_id,
                   const char            *action_text,
                   MigShell              *self)
{
  g_autofree char *device_id = NULL;
  g_autoptr(GError) error = NULL;
  MigPolicyAction action;

  if (!mig_policy_action_from_string (action_text, &action))
    {
      g_dbus_method_invocation_return_error (invocation, MIG_ERROR, MIG_ERROR_FAILED,
                                             _("The action is allow, deny or ask, not “%s”"),
                                             action_text);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  if (*device != '\0' && strcmp (device, "*") != 0)
    device_id = resolve_device (self, device);
  if (!mig_policy_set (mig_shell_get_config_dir (self), device_id, *app_id != '\0' ? app_id : NULL,
                       action, &error))
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  mig_dbus_shell1_complete_set_policy (object, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* Connects these methods' handlers to the shell's skeleton. */
void
mig_shell_trust_connect (MigShell      *self,
                         MigDBusShell1 *skeleton)
{
  g_signal_connect (skeleton, "handle-pair", G_CALLBACK (handle_pair), self);
  g_signal_connect (skeleton, "handle-confirm-pairing", G_CALLBACK (handle_confirm_pairing), self);
  g_signal_connect (skeleton, "handle-get-pairings", G_CALLBACK (handle_get_pairings), self);
  g_signal_connect (skeleton, "handle-list-devices", G_CALLBACK (handle_list_devices), self);
  g_signal_connect (skeleton, "handle-list-nearby", G_CALLBACK (handle_list_nearby), self);
  g_signal_connect (skeleton, "handle-unpair", G_CALLBACK (handle_unpair), self);
  g_signal_connect (skeleton, "handle-list-policy", G_CALLBACK (handle_list_policy), self);
  g_signal_connect (skeleton, "handle-set-policy", G_CALLBACK (handle_set_policy), self);
}
