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
#include "mig-migration-private.h"
#include "mig-policy-private.h"
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

static char *
random_nonce (void)
{
  GString *nonce = g_string_new (NULL);

  for (guint i = 0; i < 4; i++)
    g_string_append_printf (nonce, "%08x", g_random_int ());
  return g_string_free (nonce, FALSE);
}

static char *
sha256_hex (const char *text)
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

static gboolean
is_nonce (const char *text)
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

static void
finish_pairing (MigShell        *self,
                MigShellPairing *pairing,
                MigPairingState  state,
                const char      *message);

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
  finish_pairing (shell, pairing, MIG_PAIRING_EXPIRED, message);
  return G_SOURCE_REMOVE;
}

static MigShellPairing *
add_pairing (MigShell   *self,
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

static void
outgoing_ended (MigShell        *self,
                MigShellPairing *pairing);

static void
finish_pairing (MigShell        *self,
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
    outgoing_ended (self, pairing);
}

/* Both users confirmed: the other device is recorded. */
static void
complete_pairing (MigShell        *self,
                  MigShellPairing *pairing)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!mig_trust_store_add (mig_shell_get_config_dir (self), pairing->device_id, pairing->device_name,
                            pairing->fingerprint, &error))
    {
      finish_pairing (self, pairing, MIG_PAIRING_FAILED, error->message);
      return;
    }
  message = g_strdup_printf (_("Paired with %s"), pairing->device_name);
  finish_pairing (self, pairing, MIG_PAIRING_CONFIRMED, message);
}

/* Seconds an initiator waits beyond its own window: the responder's
 * window decides, and the initiator learns its end by asking, so that one
 * side does not give up while the other completes. */
#define OUTGOING_GRACE_SECONDS 5

static void
show_code (MigShell        *self,
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

/* Access ------------------------------------------------------------------ */

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

  action = mig_policy_decide (config_dir, paired->id, app_id, &rule);
  g_debug ("Policy for %s from %s: %s", app_id != NULL ? app_id : "pairing", paired->name, rule);
  if (device != NULL)
    *device = g_steal_pointer (&paired);
  if (action == MIG_POLICY_DENY)
    return app_id != NULL ?
      mig_shell_refusal_new ("denied", _("%s does not accept this application from this device"),
                             mig_shell_get_name (self)) :
      mig_shell_refusal_new ("denied", _("%s does not pair with this device"), mig_shell_get_name (self));
  *ask = action == MIG_POLICY_ASK && app_id != NULL && self->accept_policy == MIG_ACCEPT_POLICY_ASK;
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
  JsonObject *device = request != NULL ? mig_json_node_get_object (json_object_get_member (request, "device")) : NULL;
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

  pairing = add_pairing (self, FALSE);
  pairing->device_id = g_strdup (device_id);
  pairing->device_name = g_strdup (device_name);
  pairing->fingerprint = g_ascii_strdown (fingerprint, -1);
  pairing->commitment = g_ascii_strdown (commitment, -1);
  pairing->nonce_local = random_nonce ();
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
  if (!is_nonce (nonce))
    {
      mig_shell_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-nonce", _("The nonce is malformed"));
      return;
    }
  lower = g_ascii_strdown (nonce, -1);
  checksum = sha256_hex (lower);
  if (strcmp (checksum, pairing->commitment) != 0)
    {
      finish_pairing (self, pairing, MIG_PAIRING_FAILED,
                      _("The other device broke the pairing protocol (its nonce does not match its commitment)"));
      mig_shell_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "commitment-mismatch", pairing->message);
      return;
    }
  pairing->nonce_remote = g_steal_pointer (&lower);
  pairing->code = mig_pairing_code (pairing->fingerprint, mig_shell_get_fingerprint (self),
                                    pairing->nonce_remote, pairing->nonce_local);
  show_code (self, pairing);
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
            complete_pairing (self, pairing);
        }
      respond_pairing (msg, SOUP_STATUS_OK, pairing, FALSE, self);
    }
  else if (n == 4 && method == SOUP_METHOD_POST && strcmp (parts[3], "reject") == 0)
    {
      g_autofree char *message = g_strdup_printf (_("%s did not confirm the pairing"), pairing->device_name);

      finish_pairing (self, pairing, MIG_PAIRING_REJECTED, message);
      respond_pairing (msg, SOUP_STATUS_OK, pairing, FALSE, self);
    }
  else
    goto not_found;
  return;

not_found:
  mig_shell_respond_error (msg, SOUP_STATUS_NOT_FOUND, "not-found", _("There is no such resource"));
}

/* The initiator ------------------------------------------------------------ */

static void
outgoing_ended (MigShell        *self,
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
    complete_pairing (pairing->shell, pairing);
  else if (g_strcmp0 (state, "rejected") == 0)
    {
      g_autofree char *message = g_strdup_printf (_("%s did not confirm the pairing"), pairing->device_name);
      finish_pairing (pairing->shell, pairing, MIG_PAIRING_REJECTED, message);
    }
  else if (g_strcmp0 (state, "expired") == 0)
    {
      g_autofree char *message = g_strdup_printf (_("Pairing with %s was not confirmed in time"),
                                                  pairing->device_name);
      finish_pairing (pairing->shell, pairing, MIG_PAIRING_EXPIRED, message);
    }
  else if (g_strcmp0 (state, "failed") == 0)
    finish_pairing (pairing->shell, pairing, MIG_PAIRING_FAILED, _("The pairing failed on the other device"));
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
      finish_pairing (pairing->shell, pairing, MIG_PAIRING_FAILED, error->message);
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

      finish_pairing (pairing->shell, pairing, MIG_PAIRING_FAILED,
                      error != NULL ? error->message : message != NULL ? message : _("The other device refused"));
      return;
    }
  show_code (pairing->shell, pairing);
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
      finish_pairing (pairing->shell, pairing, MIG_PAIRING_FAILED, error->message);
      return;
    }
  answer = mig_json_node_get_object (root);
  if (status != SOUP_STATUS_CREATED)
    {
      const char *message = mig_json_object_get_string (answer, "message");
      g_autofree char *text = g_strdup_printf (_("%s refused to pair: %s"), pairing->device_name,
                                               message != NULL && strlen (message) < 300 ? message : "?");

      finish_pairing (pairing->shell, pairing, status == SOUP_STATUS_FORBIDDEN ? MIG_PAIRING_REJECTED :
                      MIG_PAIRING_FAILED, text);
      return;
    }

  fingerprint = mig_peer_request_get_fingerprint (result);
  device = answer != NULL ? mig_json_node_get_object (json_object_get_member (answer, "device")) : NULL;
  id = mig_json_object_get_string (answer, "id");
  nonce = mig_json_object_get_string (answer, "nonce");
  device_id = mig_json_object_get_string (device, "id");
  device_name = mig_json_object_get_string (device, "name");
  if (fingerprint == NULL || id == NULL || strlen (id) > 64 || !is_nonce (nonce) || device_id == NULL ||
      *device_id == '\0' || strlen (device_id) > 64 || device_name == NULL || *device_name == '\0' ||
      strlen (device_name) > 256 || !g_utf8_validate (device_name, -1, NULL))
    {
      finish_pairing (pairing->shell, pairing, MIG_PAIRING_FAILED, _("The other device answered nonsense"));
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

  pairing = add_pairing (self, TRUE);
  pairing->peer = g_object_ref (peer);
  pairing->task = g_object_ref (task);
  pairing->device_name = g_strdup (mig_peer_get_name (peer) != NULL ? mig_peer_get_name (peer)
                                                                    : mig_peer_get_address (peer));
  pairing->nonce_local = random_nonce ();
  if (cancellable != NULL)
    {
      pairing->cancellable = g_object_ref (cancellable);
      pairing->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (mig_shell_cancel_pairing),
                                                  pairing_ref_new (pairing), (GDestroyNotify) pairing_ref_free);
    }

  commitment = sha256_hex (pairing->nonce_local);
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
      finish_pairing (self, pairing, MIG_PAIRING_REJECTED, _("The pairing was not confirmed on this device"));
      return;
    }
  if (pairing->state != MIG_PAIRING_WAITING)
    return;
  pairing->local_confirmed = TRUE;
  if (!pairing->outgoing && pairing->remote_confirmed)
    complete_pairing (self, pairing);
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
