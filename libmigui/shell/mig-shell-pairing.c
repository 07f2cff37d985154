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
#include "mig-json-writer-private.h"
#include "mig-peer-client-private.h"
#include "mig-policy-private.h"
#include "mig-shell-http-private.h"
#include "mig-shell-pairing-private.h"
#include "mig-shell-access-private.h"
#include "mig-shell-private.h"
#include "mig-trust-store-private.h"

/*
 * Pairing, and who may do what.  Two devices pair before any migration:
 * the initiator commits to a random nonce (sends its SHA-256), the
 * responder answers with its own nonce, the initiator reveals its nonce,
 * and each side derives a 6-digit code from both certificates' fingerprints
 * and both nonces.  Someone in the middle would present other certificates
 * to each side and so show each user another code; the commitment keeps it
 * from choosing its nonce to make the codes collide.  Each user confirms
 * that the codes match within MIG_SHELL_PAIRING_SECONDS, and only then do
 * both record the other (mig-trust-store.c).
 *
 *   POST /v1/pairings                 {device: {id, name}, commitment} → 201 {id, nonce, device}
 *   POST /v1/pairings/{id}/reveal     {nonce}                          → 200 status
 *   POST /v1/pairings/{id}/confirm    (the initiator's user confirmed)  → 200 status
 *   POST /v1/pairings/{id}/reject                                       → 200 status
 *   GET  /v1/pairings/{id}                                              → 200 status
 *   DELETE /v1/pairing                (the caller unpaired this device) → 200
 *
 * A status is {state: committed|waiting|confirmed|rejected|expired|failed,
 * message}.  Only the device that started a pairing may touch it.
 */

#define MAX_PAIRINGS 4

static const char *pairing_state_names[] = {
  "committed", "waiting", "confirmed", "rejected", "expired", "failed",
};

static void
pairing_free (MigShellPairing *pairing)
{
  g_autoptr(GTask) task = g_steal_pointer (&pairing->task);

  /* The shell is going with a pairing of its own under way. */
  if (task != NULL)
    g_task_return_new_error (task, MIG_ERROR, MIG_ERROR_CANCELLED, _("The peer shell stopped"));
  if (pairing->cancellable != NULL && !g_cancellable_is_cancelled (pairing->cancellable))
    g_cancellable_disconnect (pairing->cancellable, pairing->cancel_id);
  g_clear_object (&pairing->cancellable);
  g_clear_handle_id (&pairing->timeout_id, g_source_remove);
  g_clear_handle_id (&pairing->poll_id, g_source_remove);
  g_free (pairing->id);
  g_free (pairing->remote_id);
  g_free (pairing->device_id);
  g_free (pairing->device_name);
  g_free (pairing->fingerprint);
  g_free (pairing->commitment);
  g_free (pairing->nonce_local);
  g_free (pairing->nonce_remote);
  g_free (pairing->code);
  g_free (pairing->message);
  g_clear_object (&pairing->peer);
  g_free (pairing);
}

GHashTable *
mig_shell_pairings_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) pairing_free);
}

char *
mig_pairing_random_nonce (void)
{
  GString *nonce = g_string_new (NULL);

  for (guint i = 0; i < 4; i++)
    g_string_append_printf (nonce, "%08x", g_random_int ());
  return g_string_free (nonce, FALSE);
}

char *
mig_pairing_sha256_hex (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

static gboolean
is_hex (const char *text,
        gsize       length)
{
  if (text == NULL || strlen (text) != length)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;
  return TRUE;
}

gboolean
mig_pairing_is_nonce (const char *text)
{
  return is_hex (text, 32);
}

/* The code both users compare: 6 digits from the SHA-256 of both
 * fingerprints and both nonces, in the initiator's order. */
char *
mig_pairing_code (const char *initiator_fingerprint,
                  const char *responder_fingerprint,
                  const char *initiator_nonce,
                  const char *responder_nonce)
{
  g_autofree char *text = g_strdup_printf ("migui-pairing-1|%s|%s|%s|%s", initiator_fingerprint,
                                           responder_fingerprint, initiator_nonce, responder_nonce);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;
  guint32 value;

  g_checksum_update (checksum, (const guchar *) text, -1);
  g_checksum_get_digest (checksum, digest, &length);
  value = ((guint32) digest[0] << 24) | ((guint32) digest[1] << 16) | ((guint32) digest[2] << 8) | digest[3];
  return g_strdup_printf ("%06u", value % 1000000);
}

static gboolean
pairing_timeout_cb (gpointer user_data)
{
  MigShellPairing *pairing = user_data;
  MigShell *shell = pairing->shell;
  g_autofree char *message = NULL;

  pairing->timeout_id = 0;
  message = g_strdup_printf (_("Pairing with %s was not confirmed in time"), pairing->device_name);
  /* The responder is told, in case its window is longer than ours. */
  if (pairing->outgoing && pairing->remote_id != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/v1/pairings/%s/reject", pairing->remote_id);

      mig_peer_request_async (pairing->peer, shell->identity, SOUP_METHOD_POST, path, NULL, NULL, NULL, NULL);
    }
  mig_shell_pairing_finish (shell, pairing, MIG_PAIRING_EXPIRED, message);
  return G_SOURCE_REMOVE;
}

MigShellPairing *
mig_shell_pairing_add (MigShell   *self,
                       gboolean    outgoing)
{
  MigShellPairing *pairing = g_new0 (MigShellPairing, 1);

  pairing->shell = self;
  pairing->id = g_uuid_string_random ();
  pairing->outgoing = outgoing;
  pairing->state = MIG_PAIRING_COMMITTED;
  pairing->timeout_id = g_timeout_add_seconds (self->pairing_seconds, pairing_timeout_cb, pairing);
  g_hash_table_insert (self->pairings, pairing->id, pairing);
  return pairing;
}

/* Ended pairings stay a minute for the other side's last questions. */
static gboolean
forget_pairing_cb (gpointer user_data)
{
  MigShellPairing *pairing = user_data;

  pairing->timeout_id = 0;
  g_hash_table_remove (pairing->shell->pairings, pairing->id);
  return G_SOURCE_REMOVE;
}

void
mig_shell_pairing_finish (MigShell        *self,
                          MigShellPairing *pairing,
                          MigPairingState  state,
                          const char      *message)
{
  if (pairing->state >= MIG_PAIRING_CONFIRMED)
    return;
  pairing->state = state;
  g_free (pairing->message);
  pairing->message = g_strdup (message);
  g_clear_handle_id (&pairing->timeout_id, g_source_remove);
  pairing->timeout_id = g_timeout_add_seconds (60, forget_pairing_cb, pairing);
  if (state == MIG_PAIRING_CONFIRMED)
    g_message ("Paired with %s (%s, certificate %s)", pairing->device_name, pairing->device_id,
               pairing->fingerprint);
  else
    g_message ("Pairing with %s ended: %s", pairing->device_name != NULL ? pairing->device_name : "?", message);
  mig_shell_emit_pairing_finished (self, pairing->id, state == MIG_PAIRING_CONFIRMED, message);
  if (pairing->outgoing)
    mig_shell_pairing_outgoing_ended (self, pairing);
}

/* Both users confirmed: the other device is recorded. */
void
mig_shell_pairing_complete (MigShell        *self,
                            MigShellPairing *pairing)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!mig_trust_store_add (mig_shell_get_config_dir (self), pairing->device_id, pairing->device_name,
                            pairing->fingerprint, &error))
    {
      mig_shell_pairing_finish (self, pairing, MIG_PAIRING_FAILED, error->message);
      return;
    }
  message = g_strdup_printf (_("Paired with %s"), pairing->device_name);
  mig_shell_pairing_finish (self, pairing, MIG_PAIRING_CONFIRMED, message);
}

/* Seconds an initiator waits beyond its own window: the responder's
 * window decides, and the initiator learns its end by asking, so that one
 * side does not give up while the other completes. */
#define OUTGOING_GRACE_SECONDS 5

void
mig_shell_pairing_show_code (MigShell        *self,
                             MigShellPairing *pairing)
{
  pairing->state = MIG_PAIRING_WAITING;
  g_clear_handle_id (&pairing->timeout_id, g_source_remove);
  pairing->timeout_id = g_timeout_add_seconds (self->pairing_seconds + (pairing->outgoing ? OUTGOING_GRACE_SECONDS : 0),
                                               pairing_timeout_cb, pairing);
  g_message ("Pairing with %s (%s): verification code %s", pairing->device_name,
             pairing->outgoing ? "started here" : "started there", pairing->code);
  mig_shell_emit_pairing_requested (self, pairing);
}

/* The responder ------------------------------------------------------------ */

static void
respond_pairing (SoupServerMessage *msg,
                 guint              status,
                 MigShellPairing   *pairing,
                 gboolean           with_nonce,
                 MigShell          *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, pairing->id);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, pairing_state_names[pairing->state]);
  if (pairing->message != NULL)
    {
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, pairing->message);
    }
  if (with_nonce)
    {
      json_builder_set_member_name (builder, "nonce");
      json_builder_add_string_value (builder, pairing->nonce_local);
      json_builder_set_member_name (builder, "device");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, mig_shell_get_device_id (self));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, mig_shell_get_name (self));
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  mig_shell_respond (msg, status, builder);
}

static guint
count_pairings (MigShell   *self,
                const char *fingerprint)
{
  GHashTableIter iter;
  MigShellPairing *pairing;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->pairings);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &pairing))
    if (!pairing->outgoing && pairing->state < MIG_PAIRING_CONFIRMED &&
        (fingerprint == NULL || g_strcmp0 (pairing->fingerprint, fingerprint) == 0))
      n++;
  return n;
}

static void
handle_start (MigShell          *self,
              SoupServerMessage *msg,
              const char        *fingerprint)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonNode) root = mig_json_read_bounded (g_bytes_get_data (body, NULL), g_bytes_get_size (body), 8, NULL);
  g_autoptr(MigShellRefusal) refusal = NULL;
  g_autoptr(MigPairedDevice) known = NULL;
  JsonObject *request = mig_json_node_get_object (root);
  JsonObject *device = mig_json_object_get_object (request, "device");
  const char *device_id = mig_json_object_get_string (device, "id");
  const char *device_name = mig_json_object_get_string (device, "name");
  const char *commitment = mig_json_object_get_string (request, "commitment");
  MigShellPairing *pairing;
  gboolean ask;

  if (device_id == NULL || strlen (device_id) > 64 || *device_id == '\0' || device_name == NULL ||
      strlen (device_name) > 256 || *device_name == '\0' || !g_utf8_validate (device_name, -1, NULL) ||
      !is_hex (commitment, 64))
    {
      mig_shell_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-pairing",
                               _("The pairing request is malformed: it needs device.id, device.name and a "
                                 "SHA-256 commitment"));
      return;
    }
  refusal = mig_shell_authorize (self, fingerprint, device_id, NULL, NULL, &ask);
  if (refusal != NULL && strcmp (refusal->code, "denied") == 0)
    {
      mig_shell_respond_error (msg, SOUP_STATUS_FORBIDDEN, refusal->code, refusal->message);
      return;
    }
  if (!mig_shell_count_request (self, fingerprint) || count_pairings (self, fingerprint) > 0 ||
      count_pairings (self, NULL) >= MAX_PAIRINGS)
    {
      g_autofree char *message = g_strdup_printf (_("%s is busy with another pairing; try again in a minute"),
                                                  mig_shell_get_name (self));
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "30");
      mig_shell_respond_error (msg, 429, "busy", message);
      return;
    }

  pairing = mig_shell_pairing_add (self, FALSE);
  pairing->device_id = g_strdup (device_id);
  pairing->device_name = g_strdup (device_name);
  pairing->fingerprint = g_ascii_strdown (fingerprint, -1);
  pairing->commitment = g_ascii_strdown (commitment, -1);
  pairing->nonce_local = mig_pairing_random_nonce ();
  known = mig_trust_store_lookup_by_id (mig_shell_get_config_dir (self), device_id);
  pairing->identity_changed = known != NULL && g_ascii_strcasecmp (known->fingerprint, fingerprint) != 0;
  respond_pairing (msg, SOUP_STATUS_CREATED, pairing, TRUE, self);
}

/* The pairing named by a request, if the client is the device that
 * started it; otherwise the request is answered. */
static MigShellPairing *
lookup_for_client (MigShell          *self,
                   SoupServerMessage *msg,
                   const char        *id,
                   const char        *fingerprint)
{
  MigShellPairing *pairing = g_hash_table_lookup (self->pairings, id);

  if (pairing == NULL || pairing->outgoing)
    {
      mig_shell_respond_error (msg, SOUP_STATUS_NOT_FOUND, "not-found", _("There is no such pairing"));
      return NULL;
    }
  if (g_ascii_strcasecmp (pairing->fingerprint, fingerprint) != 0)
    {
      mig_shell_respond_error (msg, SOUP_STATUS_FORBIDDEN, "not-yours",
                               _("Only the device that started a pairing may answer it"));
      return NULL;
    }
  return pairing;
}

static void
handle_reveal (MigShell          *self,
               SoupServerMessage *msg,
               MigShellPairing   *pairing)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonNode) root = mig_json_read_bounded (g_bytes_get_data (body, NULL), g_bytes_get_size (body), 4, NULL);
  const char *nonce = mig_json_object_get_string (mig_json_node_get_object (root), "nonce");
  g_autofree char *lower = NULL;
  g_autofree char *checksum = NULL;

  if (pairing->state != MIG_PAIRING_COMMITTED)
    {
      mig_shell_respond_error (msg, SOUP_STATUS_CONFLICT, "already-revealed", _("This pairing is past that step"));
      return;
    }
  if (!mig_pairing_is_nonce (nonce))
    {
      mig_shell_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-nonce", _("The nonce is malformed"));
      return;
    }
  lower = g_ascii_strdown (nonce, -1);
  checksum = mig_pairing_sha256_hex (lower);
  if (strcmp (checksum, pairing->commitment) != 0)
    {
      mig_shell_pairing_finish (self, pairing, MIG_PAIRING_FAILED,
                      _("The other device broke the pairing protocol (its nonce does not match its commitment)"));
      mig_shell_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "commitment-mismatch", pairing->message);
      return;
    }
  pairing->nonce_remote = g_steal_pointer (&lower);
  pairing->code = mig_pairing_code (pairing->fingerprint, mig_shell_get_fingerprint (self),
                                    pairing->nonce_remote, pairing->nonce_local);
  mig_shell_pairing_show_code (self, pairing);
  respond_pairing (msg, SOUP_STATUS_OK, pairing, FALSE, self);
}

static void
handle_unpaired (MigShell          *self,
                 SoupServerMessage *msg,
                 const char        *fingerprint)
{
  g_autoptr(MigPairedDevice) device = mig_trust_store_lookup_by_fingerprint (mig_shell_get_config_dir (self),
                                                                             fingerprint);
  g_autoptr(GError) error = NULL;

  if (device == NULL)
    {
      mig_shell_respond_error (msg, SOUP_STATUS_NOT_FOUND, "not-paired", _("This device is not paired"));
      return;
    }
  if (!mig_trust_store_remove (mig_shell_get_config_dir (self), device->id, &error))
    {
      mig_shell_respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "failed", error->message);
      return;
    }
  g_message ("%s (%s) unpaired itself", device->name, device->id);
  mig_shell_respond_error (msg, SOUP_STATUS_OK, "unpaired", _("Unpaired"));
}

/* Routes /v1/pairings… and /v1/pairing; @parts are the path's parts from
 * "v1". */
void
mig_shell_route_pairing (MigShell          *self,
                         SoupServerMessage *msg,
                         GStrv              parts,
                         const char        *fingerprint)
{
  const char *method = soup_server_message_get_method (msg);
  guint n = g_strv_length (parts);
  MigShellPairing *pairing;

  if (strcmp (parts[1], "pairing") == 0 && n == 2 && method == SOUP_METHOD_DELETE)
    {
      handle_unpaired (self, msg, fingerprint);
      return;
    }
  if (strcmp (parts[1], "pairings") != 0)
    goto not_found;
  if (n == 2 && method == SOUP_METHOD_POST)
    {
      handle_start (self, msg, fingerprint);
      return;
    }
  if (n < 3 || n > 4 || (pairing = lookup_for_client (self, msg, parts[2], fingerprint)) == NULL)
    {
      if (n < 3 || n > 4)
        goto not_found;
      return;
    }
  if (n == 3 && method == SOUP_METHOD_GET)
    respond_pairing (msg, SOUP_STATUS_OK, pairing, FALSE, self);
  else if (n == 4 && method == SOUP_METHOD_POST && strcmp (parts[3], "reveal") == 0)
    handle_reveal (self, msg, pairing);
  else if (n == 4 && method == SOUP_METHOD_POST && strcmp (parts[3], "confirm") == 0)
    {
      if (pairing->state == MIG_PAIRING_WAITING)
        {
          pairing->remote_confirmed = TRUE;
          if (pairing->local_confirmed)
            mig_shell_pairing_complete (self, pairing);
        }
      respond_pairing (msg, SOUP_STATUS_OK, pairing, FALSE, self);
    }
  else if (n == 4 && method == SOUP_METHOD_POST && strcmp (parts[3], "reject") == 0)
    {
      g_autofree char *message = g_strdup_printf (_("%s did not confirm the pairing"), pairing->device_name);

      mig_shell_pairing_finish (self, pairing, MIG_PAIRING_REJECTED, message);
      respond_pairing (msg, SOUP_STATUS_OK, pairing, FALSE, self);
    }
  else
    goto not_found;
  return;

not_found:
  mig_shell_respond_error (msg, SOUP_STATUS_NOT_FOUND, "not-found", _("There is no such resource"));
}

/**
 * mig_shell_get_pairings:
 * @self: a shell
 *
 * Lists the pairings waiting for a user's confirmation, as `a(sssbb)`:
 * pairing ID, the other device's name, the code, whether this device
 * started it, and whether the other device was paired before with another
 * certificate.
 *
 * Returns: (transfer full): the pairings
 */
GVariant *
mig_shell_get_pairings (MigShell *self)
{
  GVariantBuilder builder;
  GHashTableIter iter;
  MigShellPairing *pairing;

  g_return_val_if_fail (MIG_IS_SHELL (self), NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sssbb)"));
  g_hash_table_iter_init (&iter, self->pairings);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &pairing))
    if (pairing->state == MIG_PAIRING_WAITING && !pairing->local_confirmed)
      g_variant_builder_add (&builder, "(sssbb)", pairing->id, pairing->device_name, pairing->code,
                             pairing->outgoing, pairing->identity_changed);
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

