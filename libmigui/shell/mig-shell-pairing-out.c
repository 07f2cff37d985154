/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui-shell"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "mig-json-reader-private.h"
#include "mig-peer-client-private.h"
#include "mig-shell-pairing-private.h"
#include "mig-shell-access-private.h"
#include "mig-shell-private.h"
#include "mig-trust-store-private.h"

/* Pairing as the device that starts it (see mig-shell-pairing.c for the
 * protocol), confirming either side, and unpairing. */

void
mig_shell_pairing_outgoing_ended (MigShell        *self,
                                  MigShellPairing *pairing)
{
  g_autoptr(GTask) task = g_steal_pointer (&pairing->task);

  g_clear_handle_id (&pairing->poll_id, g_source_remove);
  /* Not from inside the cancellable's own handler, which would wait for
   * itself. */
  if (pairing->cancellable != NULL && !g_cancellable_is_cancelled (pairing->cancellable))
    g_cancellable_disconnect (pairing->cancellable, pairing->cancel_id);
  pairing->cancel_id = 0;
  g_clear_object (&pairing->cancellable);
  if (task == NULL)
    return;
  if (pairing->state == MIG_PAIRING_CONFIRMED)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_new_error (task, MIG_ERROR,
                             pairing->state == MIG_PAIRING_EXPIRED ? MIG_ERROR_TIMEOUT :
                             pairing->state == MIG_PAIRING_REJECTED ? MIG_ERROR_REJECTED : MIG_ERROR_UNTRUSTED,
                             "%s", pairing->message);
}

static GBytes *
json_body (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  gsize length;
  char *text = json_to_string (root, FALSE);

  length = strlen (text);
  return g_bytes_new_take (text, length);
}

static void poll_remote (MigShellPairing *pairing);

/* What the responder says of the pairing: it may have ended it. */
static void
follow_remote (MigShellPairing *pairing,
               JsonNode        *root)
{
  const char *state = mig_json_object_get_string (mig_json_node_get_object (root), "state");

  if (g_strcmp0 (state, "confirmed") == 0 && pairing->local_confirmed)
    mig_shell_pairing_complete (pairing->shell, pairing);
  else if (g_strcmp0 (state, "rejected") == 0)
    {
      g_autofree char *message = g_strdup_printf (_("%s did not confirm the pairing"), pairing->device_name);
      mig_shell_pairing_finish (pairing->shell, pairing, MIG_PAIRING_REJECTED, message);
    }
  else if (g_strcmp0 (state, "expired") == 0)
    {
      g_autofree char *message = g_strdup_printf (_("Pairing with %s was not confirmed in time"),
                                                  pairing->device_name);
      mig_shell_pairing_finish (pairing->shell, pairing, MIG_PAIRING_EXPIRED, message);
    }
  else if (g_strcmp0 (state, "failed") == 0)
    mig_shell_pairing_finish (pairing->shell, pairing, MIG_PAIRING_FAILED, _("The pairing failed on the other device"));
}

/* Requests of an outgoing pairing name it by ID, and its shell weakly:
 * the pairing may be gone (ended and forgotten, or the shell disposed)
 * when they come back, and they must not keep the shell alive. */
typedef struct
{
  GWeakRef shell;
  char *id;
} PairingRef;

static PairingRef *
pairing_ref_new (MigShellPairing *pairing)
{
  PairingRef *ref = g_new0 (PairingRef, 1);

  g_weak_ref_init (&ref->shell, pairing->shell);
  ref->id = g_strdup (pairing->id);
  return ref;
}

static void
pairing_ref_free (PairingRef *ref)
{
  g_weak_ref_clear (&ref->shell);
  g_free (ref->id);
  g_free (ref);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PairingRef, pairing_ref_free)

/* The pairing, while its shell lives (held in *@shell) and it is under
 * way. */
static MigShellPairing *
pairing_from_ref (PairingRef  *ref,
                  MigShell   **shell)
{
  MigShellPairing *pairing;

  *shell = g_weak_ref_get (&ref->shell);
  if (*shell == NULL || (*shell)->pairings == NULL)
    return NULL;
  pairing = g_hash_table_lookup ((*shell)->pairings, ref->id);
  return pairing != NULL && pairing->state < MIG_PAIRING_CONFIRMED ? pairing : NULL;
}

static void
remote_status_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PairingRef) ref = user_data;
  g_autoptr(MigShell) shell = NULL;
  MigShellPairing *pairing = pairing_from_ref (ref, &shell);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = mig_peer_request_finish (MIG_PEER (source), result, NULL, &error);

  if (pairing == NULL)
    return;
  if (root == NULL)
    {
      mig_shell_pairing_finish (pairing->shell, pairing, MIG_PAIRING_FAILED, error->message);
      return;
    }
  follow_remote (pairing, root);
  if (pairing->state < MIG_PAIRING_CONFIRMED)
    poll_remote (pairing);
}

static gboolean
poll_cb (gpointer user_data)
{
  MigShellPairing *pairing = user_data;
  g_autofree char *path = g_strdup_printf ("/v1/pairings/%s", pairing->remote_id);

  pairing->poll_id = 0;
  mig_peer_request_async (pairing->peer, pairing->shell->identity, SOUP_METHOD_GET, path, NULL,
                          NULL, remote_status_cb, pairing_ref_new (pairing));
  return G_SOURCE_REMOVE;
}

/* The responder is asked how its side goes twice a second, so that a
 * refusal there ends the pairing here at once. */
static void
poll_remote (MigShellPairing *pairing)
{
  if (pairing->poll_id == 0)
    pairing->poll_id = g_timeout_add (500, poll_cb, pairing);
}

static void
revealed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PairingRef) ref = user_data;
  g_autoptr(MigShell) shell = NULL;
  MigShellPairing *pairing = pairing_from_ref (ref, &shell);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  guint status;

  root = mig_peer_request_finish (MIG_PEER (source), result, &status, &error);
  if (pairing == NULL)
    return;
  if (root == NULL || status != SOUP_STATUS_OK)
    {
      const char *message = mig_json_object_get_string (mig_json_node_get_object (root), "message");

      mig_shell_pairing_finish (pairing->shell, pairing, MIG_PAIRING_FAILED,
                      error != NULL ? error->message : message != NULL ? message : _("The other device refused"));
      return;
    }
  mig_shell_pairing_show_code (pairing->shell, pairing);
  poll_remote (pairing);
}

static void
started_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PairingRef) ref = user_data;
  g_autoptr(MigShell) shell = NULL;
  MigShellPairing *pairing = pairing_from_ref (ref, &shell);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(MigPairedDevice) known = NULL;
  g_autofree char *path = NULL;
  JsonObject *answer, *device;
  const char *fingerprint, *nonce, *id, *device_id, *device_name;
  guint status;

  root = mig_peer_request_finish (MIG_PEER (source), result, &status, &error);
  if (pairing == NULL)
    return;
  if (root == NULL)
    {
      mig_shell_pairing_finish (pairing->shell, pairing, MIG_PAIRING_FAILED, error->message);
      return;
    }
  answer = mig_json_node_get_object (root);
  if (status != SOUP_STATUS_CREATED)
    {
      const char *message = mig_json_object_get_string (answer, "message");
      g_autofree char *text = g_strdup_printf (_("%s refused to pair: %s"), pairing->device_name,
                                               message != NULL && strlen (message) < 300 ? message : "?");

      mig_shell_pairing_finish (pairing->shell, pairing, status == SOUP_STATUS_FORBIDDEN ? MIG_PAIRING_REJECTED :
                      MIG_PAIRING_FAILED, text);
      return;
    }

  fingerprint = mig_peer_request_get_fingerprint (result);
  device = answer != NULL ? mig_json_object_get_object (answer, "device") : NULL;
  id = mig_json_object_get_string (answer, "id");
  nonce = mig_json_object_get_string (answer, "nonce");
  device_id = mig_json_object_get_string (device, "id");
  device_name = mig_json_object_get_string (device, "name");
  if (fingerprint == NULL || id == NULL || strlen (id) > 64 || !mig_pairing_is_nonce (nonce) || device_id == NULL ||
      *device_id == '\0' || strlen (device_id) > 64 || device_name == NULL || *device_name == '\0' ||
      strlen (device_name) > 256 || !g_utf8_validate (device_name, -1, NULL))
    {
      mig_shell_pairing_finish (pairing->shell, pairing, MIG_PAIRING_FAILED, _("The other device answered nonsense"));
      return;
    }

  pairing->remote_id = g_strdup (id);
  pairing->nonce_remote = g_ascii_strdown (nonce, -1);
  pairing->fingerprint = g_ascii_strdown (fingerprint, -1);
  pairing->device_id = g_strdup (device_id);
  g_free (pairing->device_name);
  pairing->device_name = g_strdup (device_name);
  pairing->code = mig_pairing_code (mig_shell_get_fingerprint (pairing->shell), pairing->fingerprint,
                                    pairing->nonce_local, pairing->nonce_remote);
  known = mig_trust_store_lookup_by_id (mig_shell_get_config_dir (pairing->shell), device_id);
  pairing->identity_changed = known != NULL && g_ascii_strcasecmp (known->fingerprint, fingerprint) != 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "nonce");
  json_builder_add_string_value (builder, pairing->nonce_local);
  json_builder_end_object (builder);
  body = json_body (builder);
  path = g_strdup_printf ("/v1/pairings/%s/reveal", pairing->remote_id);
  mig_peer_request_async (pairing->peer, pairing->shell->identity, SOUP_METHOD_POST, path, body,
                          NULL, revealed_cb, g_steal_pointer (&ref));
}

/**
 * mig_shell_pair_async:
 * @self: a shell
 * @peer: the device to pair with
 * @cancellable: (nullable): a `GCancellable`
 * @callback: called when the pairing has ended
 * @user_data: data for @callback
 *
 * Pairs this device with @peer.  Both shells emit
 * [signal@Mig.Shell::pairing-requested] with the same 6-digit code once it
 * is known; the users compare the codes and each side confirms with
 * [method@Mig.Shell.confirm_pairing] within 30 seconds.  When both have,
 * each device records the other's certificate and the pairing succeeds.
 * A device paired again replaces its old record, so a device whose
 * certificate changed can be paired again deliberately.
 */
void
mig_shell_pair_async (MigShell            *self,
                      MigPeer             *peer,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *commitment = NULL;
  MigShellPairing *pairing;

  g_return_if_fail (MIG_IS_SHELL (self));
  g_return_if_fail (MIG_IS_PEER (peer));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mig_shell_pair_async);
  g_task_set_check_cancellable (task, FALSE);

  pairing = mig_shell_pairing_add (self, TRUE);
  pairing->peer = g_object_ref (peer);
  pairing->task = g_object_ref (task);
  pairing->device_name = g_strdup (mig_peer_describe (peer));
  pairing->nonce_local = mig_pairing_random_nonce ();
  if (cancellable != NULL)
    {
      pairing->cancellable = g_object_ref (cancellable);
      pairing->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (mig_shell_cancel_pairing),
                                                  pairing_ref_new (pairing), (GDestroyNotify) pairing_ref_free);
    }

  commitment = mig_pairing_sha256_hex (pairing->nonce_local);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "device");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, mig_shell_get_device_id (self));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, mig_shell_get_name (self));
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "commitment");
  json_builder_add_string_value (builder, commitment);
  json_builder_end_object (builder);
  body = json_body (builder);
  mig_peer_request_async (peer, self->identity, SOUP_METHOD_POST, "/v1/pairings", body, NULL,
                          started_cb, pairing_ref_new (pairing));
}

/**
 * mig_shell_pair_finish:
 * @self: a shell
 * @result: the result given to the callback
 * @error: return location for a `GError`
 *
 * Finishes [method@Mig.Shell.pair_async].  Errors are in `MIG_ERROR`:
 * %MIG_ERROR_REJECTED when a user did not confirm (as when the codes
 * differ), %MIG_ERROR_TIMEOUT when nobody confirmed in time,
 * %MIG_ERROR_CANCELLED, or the error that ended the exchange.
 *
 * Returns: %TRUE if the devices are now paired
 */
gboolean
mig_shell_pair_finish (MigShell      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mig_shell_pair_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The cancellable of an outgoing pairing was cancelled. */
void
mig_shell_cancel_pairing (GCancellable *cancellable,
                          gpointer      data)
{
  PairingRef *ref = data;
  g_autoptr(MigShell) shell = NULL;
  MigShellPairing *pairing = pairing_from_ref (ref, &shell);

  if (pairing != NULL)
    mig_shell_confirm_pairing (shell, pairing->id, FALSE);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(PairingRef) ref = user_data;
  g_autoptr(MigShell) shell = NULL;
  MigShellPairing *pairing = pairing_from_ref (ref, &shell);
  g_autoptr(JsonNode) root = mig_peer_request_finish (MIG_PEER (source), result, NULL, NULL);

  if (pairing != NULL && root != NULL)
    follow_remote (pairing, root);
}

/**
 * mig_shell_confirm_pairing:
 * @self: a shell
 * @pairing_id: the pairing, as given by [signal@Mig.Shell::pairing-requested]
 * @confirm: %TRUE if the user saw the same code on both devices
 *
 * Answers a pairing on this device's side.  Refusing ends it on both.
 */
void
mig_shell_confirm_pairing (MigShell   *self,
                           const char *pairing_id,
                           gboolean    confirm)
{
  MigShellPairing *pairing;
  g_autofree char *path = NULL;

  g_return_if_fail (MIG_IS_SHELL (self));
  g_return_if_fail (pairing_id != NULL);

  pairing = g_hash_table_lookup (self->pairings, pairing_id);
  if (pairing == NULL || pairing->state >= MIG_PAIRING_CONFIRMED)
    return;

  if (pairing->outgoing && pairing->remote_id != NULL)
    {
      path = g_strdup_printf ("/v1/pairings/%s/%s", pairing->remote_id, confirm ? "confirm" : "reject");
      mig_peer_request_async (pairing->peer, self->identity, SOUP_METHOD_POST, path, NULL, NULL,
                              sent_cb, pairing_ref_new (pairing));
    }

  if (!confirm)
    {
      mig_shell_pairing_finish (self, pairing, MIG_PAIRING_REJECTED, _("The pairing was not confirmed on this device"));
      return;
    }
  if (pairing->state != MIG_PAIRING_WAITING)
    return;
  pairing->local_confirmed = TRUE;
  if (!pairing->outgoing && pairing->remote_confirmed)
    mig_shell_pairing_complete (self, pairing);
}

/* Unpairing ---------------------------------------------------------------- */

static void
unpaired_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = mig_peer_request_finish (MIG_PEER (source), result, NULL, &error);

  if (root == NULL)
    g_message ("Could not tell %s it was unpaired: %s", mig_peer_get_name (MIG_PEER (source)), error->message);
}

/**
 * mig_shell_unpair:
 * @self: a shell
 * @device: a paired device's ID, name or certificate fingerprint
 * @peer: (nullable): where that device can be reached, to tell it
 * @error: return location for a `GError`
 *
 * Forgets a paired device: it must pair again before it may send
 * applications here, and this device sends it none.  When @peer is given,
 * the device is told, so that it forgets this one too.
 *
 * Returns: %TRUE if the device was paired and is no longer
 */
gboolean
mig_shell_unpair (MigShell    *self,
                  const char  *device,
                  MigPeer     *peer,
                  GError     **error)
{
  g_autoptr(MigPairedDevice) paired = NULL;

  g_return_val_if_fail (MIG_IS_SHELL (self), FALSE);
  g_return_val_if_fail (device != NULL, FALSE);

  paired = mig_trust_store_find (mig_shell_get_config_dir (self), device);
  if (paired == NULL)
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_UNREACHABLE, _("No paired device is called “%s”"), device);
      return FALSE;
    }
  /* Told first, while the other device is still trusted to answer. */
  if (peer != NULL)
    mig_peer_request_async (peer, self->identity, SOUP_METHOD_DELETE, "/v1/pairing", NULL, NULL,
                            unpaired_cb, NULL);
  if (!mig_trust_store_remove (mig_shell_get_config_dir (self), paired->id, error))
    return FALSE;
  g_message ("Unpaired %s (%s)", paired->name, paired->id);
  return TRUE;
}

