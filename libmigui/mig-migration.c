/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "mig-enums.h"
#include "mig-json-reader-private.h"
#include "mig-json-writer-private.h"
#include "mig-migration-private.h"
#include "mig-trust-store-private.h"

/*
 * MigMigration: the sending side of one migration, protocol version 1.
 * send: offer, upload, then long-poll the target until the application is
 * restored there (or refused, or failed).  The caller then records its
 * decision and commits; a commit that cannot be delivered is retried.
 * Anything that goes wrong before "restored" aborts the offer on the
 * target, so nothing is left there.
 */

#define SEND_DEADLINE_SECONDS 60
#define POLL_SECONDS          10
#define MAX_ANSWER_BYTES      (64 * 1024)

struct _MigMigration
{
  GObject parent_instance;

  MigPeer *peer;
  MigIdentity *identity;
  char *app_id;
  char *app_version;
  gboolean clone;
  char *id;
  char *state;
  gsize bytes_sent;
  GBytes *tree;
  gint64 deadline;
};

G_DEFINE_FINAL_TYPE (MigMigration, mig_migration, G_TYPE_OBJECT)

static void
mig_migration_finalize (GObject *object)
{
  MigMigration *self = MIG_MIGRATION (object);

  g_clear_object (&self->peer);
  g_clear_object (&self->identity);
  g_free (self->app_id);
  g_free (self->app_version);
  g_free (self->id);
  g_free (self->state);
  g_clear_pointer (&self->tree, g_bytes_unref);

  G_OBJECT_CLASS (mig_migration_parent_class)->finalize (object);
}

static void
mig_migration_class_init (MigMigrationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mig_migration_finalize;
}

static void
mig_migration_init (MigMigration *self)
{
}

MigMigration *
mig_migration_new (MigPeer     *peer,
                   MigIdentity *identity,
                   const char  *app_id,
                   const char  *app_version,
                   gboolean     clone)
{
  MigMigration *self = g_object_new (MIG_TYPE_MIGRATION, NULL);

  self->peer = g_object_ref (peer);
  self->identity = g_object_ref (identity);
  self->app_id = g_strdup (app_id);
  self->app_version = g_strdup (app_version);
  self->clone = clone;
  self->state = g_strdup ("new");
  return self;
}

/* A migration decided in an earlier run, whose commit is still due. */
MigMigration *
mig_migration_new_for_commit (MigPeer     *peer,
                              MigIdentity *identity,
                              const char  *id)
{
  MigMigration *self = g_object_new (MIG_TYPE_MIGRATION, NULL);

  self->peer = g_object_ref (peer);
  self->identity = g_object_ref (identity);
  self->id = g_strdup (id);
  self->state = g_strdup ("restored");
  return self;
}

const char *
mig_migration_get_id (MigMigration *self)
{
  return self->id;
}

const char *
mig_migration_get_state (MigMigration *self)
{
  return self->state;
}

gsize
mig_migration_get_bytes_sent (MigMigration *self)
{
  return self->bytes_sent;
}

static const char *
peer_name (MigPeer *peer)
{
  return mig_peer_get_name (peer) != NULL ? mig_peer_get_name (peer) : mig_peer_get_address (peer);
}

/* How much a request needs to know who answers it. */
typedef enum {
  REQUEST_OPEN,     /* pairing: any certificate, it is shown to the user as a code */
  REQUEST_CHECKED,  /* info, app checks: not a paired device with a new certificate */
  REQUEST_PAIRED,   /* migrations: only a paired device, by its certificate */
} RequestTrust;

enum {
  WRONG_IDENTITY_CHANGED = 1,
  WRONG_IDENTITY_NOT_PAIRED,
};

static RequestTrust
request_trust (const char *path)
{
  if (g_str_has_prefix (path, "/v1/migrations"))
    return REQUEST_PAIRED;
  if (g_str_has_prefix (path, "/v1/pairing"))
    return REQUEST_OPEN;
  return REQUEST_CHECKED;
}

/* One session per identity and trust, so that requests to a peer reuse
 * its TLS connection, a connection made with one device's certificate never
 * carries a request of another, and a connection opened to pair with an
 * unknown device never carries an application. */
static SoupSession *
get_session (MigIdentity  *identity,
             RequestTrust  trust)
{
  const char *key = trust == REQUEST_PAIRED ? "mig-session-paired" : "mig-session-open";
  SoupSession *session = g_object_get_data (G_OBJECT (identity), key);

  if (session == NULL)
    {
      /* Peers are on the local network: never through a proxy, and looking
       * for one (libproxy) cost more than the whole migration.  Their
       * certificates are checked against the paired devices, not CAs. */
      session = soup_session_new_with_options ("timeout", 10, "idle-timeout", 60, "proxy-resolver", NULL,
                                               "tls-database", NULL,
                                               "user-agent", "libmigui/" PACKAGE_VERSION " ", NULL);
      g_object_set_data_full (G_OBJECT (identity), key, session, g_object_unref);
    }
  return session;
}

/* Whether @certificate may answer a request of @trust sent to @peer: a
 * device paired under the peer's ID must present the certificate it was
 * paired with (else its identity changed, or something impersonates it),
 * and applications go only to paired devices.  Names, IDs and fingerprints
 * from DNS-SD or /v1/info are never enough. */
static int
check_identity (MigIdentity     *identity,
                MigPeer         *peer,
                RequestTrust     trust,
                GTlsCertificate *certificate)
{
  const char *config_dir = mig_identity_get_config_dir (identity);
  g_autofree char *fingerprint = NULL;
  g_autoptr(MigPairedDevice) known = NULL;
  g_autoptr(MigPairedDevice) paired = NULL;

  if (trust == REQUEST_OPEN)
    return 0;
  if (certificate == NULL)
    return WRONG_IDENTITY_NOT_PAIRED;
  fingerprint = mig_certificate_fingerprint (certificate);
  known = mig_trust_store_lookup_by_id (config_dir, mig_peer_get_id (peer));
  if (known != NULL)
    {
      if (g_ascii_strcasecmp (known->fingerprint, fingerprint) == 0)
        return 0;
      g_warning ("SECURITY: %s (%s) presented the certificate %s, not %s it was paired with: its identity changed",
                 known->name, known->id, fingerprint, known->fingerprint);
      return WRONG_IDENTITY_CHANGED;
    }
  if (trust == REQUEST_CHECKED)
    return 0;
  paired = mig_trust_store_lookup_by_fingerprint (config_dir, fingerprint);
  return paired != NULL ? 0 : WRONG_IDENTITY_NOT_PAIRED;
}

/* Peers use self-signed certificates: what counts is the certificate
 * itself, checked before anything is sent. */
static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  GTask *task = G_TASK (user_data);
  int wrong = check_identity (g_object_get_data (G_OBJECT (task), "mig-identity"), g_task_get_source_object (task),
                              GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "mig-trust")), certificate);

  if (wrong != 0)
    {
      g_object_set_data (G_OBJECT (msg), "mig-wrong-identity", GINT_TO_POINTER (wrong));
      return FALSE;
    }
  return TRUE;
}

static GError *
wrong_identity_error (MigPeer *peer,
                      int      wrong)
{
  if (wrong == WRONG_IDENTITY_CHANGED)
    return g_error_new (MIG_ERROR, MIG_ERROR_UNTRUSTED,
                        _("%s’s identity changed: it presented another certificate than the one it was paired "
                          "with. If it was reinstalled, pair with it again; otherwise something may be "
                          "impersonating it"), peer_name (peer));
  return g_error_new (MIG_ERROR, MIG_ERROR_UNTRUSTED,
                      _("%s is not paired with this device; pair them first"), peer_name (peer));
}

static void
request_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *msg = g_task_get_task_data (task);
  MigPeer *peer = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  int wrong;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_new_error (task, MIG_ERROR, MIG_ERROR_CANCELLED, _("Cancelled"));
      else if ((wrong = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (msg), "mig-wrong-identity"))) != 0)
        g_task_return_error (task, wrong_identity_error (peer, wrong));
      else if (error->domain == G_TLS_ERROR)
        g_task_return_new_error (task, MIG_ERROR, MIG_ERROR_UNTRUSTED,
                                 _("%s could not be authenticated: %s"), peer_name (peer), error->message);
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        g_task_return_new_error (task, MIG_ERROR, MIG_ERROR_TIMEOUT,
                                 _("%s did not answer in time"), peer_name (peer));
      else
        g_task_return_new_error (task, MIG_ERROR, MIG_ERROR_UNREACHABLE,
                                 _("%s cannot be reached: %s"), peer_name (peer), error->message);
      return;
    }

  /* A kept-alive connection was checked when it was made, for a request
   * of the same trust; checked again in case it was made for another peer
   * at the same address. */
  wrong = check_identity (g_object_get_data (G_OBJECT (task), "mig-identity"), peer,
                          GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "mig-trust")),
                          soup_message_get_tls_peer_certificate (msg));
  if (wrong != 0)
    {
      g_task_return_error (task, wrong_identity_error (peer, wrong));
      return;
    }

  if (g_bytes_get_size (body) > 0)
    root = mig_json_read_bounded (g_bytes_get_data (body, NULL), MIN (g_bytes_get_size (body), MAX_ANSWER_BYTES),
                                  16, NULL);
  g_object_set_data (G_OBJECT (task), "mig-status", GUINT_TO_POINTER (soup_message_get_status (msg)));
  if (soup_message_get_tls_peer_certificate (msg) != NULL)
    g_object_set_data_full (G_OBJECT (task), "mig-peer-fingerprint",
                            mig_certificate_fingerprint (soup_message_get_tls_peer_certificate (msg)), g_free);
  g_task_return_pointer (task, root != NULL ? json_node_ref (root) : json_node_new (JSON_NODE_NULL),
                         (GDestroyNotify) json_node_unref);
}

void
mig_peer_request_async (MigPeer             *peer,
                        MigIdentity         *identity,
                        const char          *method,
                        const char          *path,
                        GBytes              *body,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (peer, cancellable, callback, user_data);
  const char *address = mig_peer_get_address (peer);
  g_autofree char *uri = g_strdup_printf (strchr (address, ':') != NULL ? "https://[%s]:%u%s" : "https://%s:%u%s",
                                          address, mig_peer_get_port (peer), path);
  SoupMessage *msg = soup_message_new (method, uri);

  g_task_set_source_tag (task, mig_peer_request_async);
  g_task_set_check_cancellable (task, FALSE);
  if (msg == NULL)
    {
      g_task_return_new_error (task, MIG_ERROR, MIG_ERROR_UNREACHABLE,
                               _("%s has an address that cannot be used: %s"), peer_name (peer), address);
      return;
    }
  g_task_set_task_data (task, msg, g_object_unref);
  /* Every request of the protocol may be sent twice (a commit or abort
   * sent again is answered "already"; a repeated offer expires unused), so
   * libsoup may reuse a kept-alive connection for POST too, instead of a new
   * TLS connection each time (and libsoup 3.2 leaks the connections that
   * clients close while idle). */
  soup_message_add_flags (msg, SOUP_MESSAGE_IDEMPOTENT);
  soup_message_set_tls_client_certificate (msg, mig_identity_get_certificate (identity));
  g_object_set_data_full (G_OBJECT (task), "mig-identity", g_object_ref (identity), g_object_unref);
  g_object_set_data (G_OBJECT (task), "mig-trust", GINT_TO_POINTER (request_trust (path)));
  g_signal_connect_object (msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), task, 0);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json", body);
  soup_session_send_and_read_async (get_session (identity, request_trust (path)), msg, G_PRIORITY_DEFAULT, cancellable,
                                    request_done_cb, g_steal_pointer (&task));
}

JsonNode *
mig_peer_request_finish (MigPeer       *peer,
                         GAsyncResult  *result,
                         guint         *status,
                         GError       **error)
{
  JsonNode *root = g_task_propagate_pointer (G_TASK (result), error);

  if (status != NULL)
    *status = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (result), "mig-status"));
  return root;
}

/* The fingerprint of the certificate that answered a request, once it
 * has finished. */
const char *
mig_peer_request_get_fingerprint (GAsyncResult *result)
{
  return g_object_get_data (G_OBJECT (result), "mig-peer-fingerprint");
}

static const char *
member_string (JsonNode   *root,
               const char *member)
{
  return mig_json_object_get_string (mig_json_node_get_object (root), member);
}

/* The error a refusal stands for; the peer's own sentence is kept when it
 * gives one, cut to a reasonable length. */
static GError *
error_from_answer (MigPeer  *peer,
                   guint     status,
                   JsonNode *root)
{
  const char *message = member_string (root, "message");
  g_autofree char *text = NULL;
  MigError code;

  switch (status)
    {
    case 401: code = MIG_ERROR_UNTRUSTED; break;
    case 403: code = MIG_ERROR_REJECTED; break;
    case 404: code = g_strcmp0 (member_string (root, "error"), "not-installed") == 0 ?
                     MIG_ERROR_APP_NOT_INSTALLED : MIG_ERROR_FAILED; break;
    case 409: code = g_strcmp0 (member_string (root, "error"), "version-mismatch") == 0 ?
                     MIG_ERROR_VERSION_MISMATCH : MIG_ERROR_FAILED; break;
    case 413: code = MIG_ERROR_TOO_LARGE; break;
    case 422: code = MIG_ERROR_INVALID_TREE; break;
    case 429: code = MIG_ERROR_REJECTED; break;
    default: code = MIG_ERROR_FAILED; break;
    }

  if (message != NULL && g_utf8_strlen (message, -1) <= 300)
    text = g_strdup (message);
  else
    text = g_strdup_printf (_("%s answered with HTTP status %u"), peer_name (peer), status);
  return g_error_new_literal (MIG_ERROR, code, text);
}

static void
set_state (MigMigration *self,
           const char   *state)
{
  if (g_strcmp0 (self->state, state) == 0)
    return;
  g_debug ("Migration %s to %s: %s (%.1f ms)", self->id != NULL ? self->id : "(offer)", peer_name (self->peer), state,
           (g_get_monotonic_time () - (self->deadline - SEND_DEADLINE_SECONDS * G_USEC_PER_SEC)) / 1000.0);
  g_free (self->state);
  self->state = g_strdup (state);
}

static void poll_status (GTask *task);

static void
abort_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(MigMigration) self = user_data;
  g_autoptr(JsonNode) root = mig_peer_request_finish (MIG_PEER (source), result, NULL, NULL);
}

/* Tells the target to drop the migration; nobody waits for the answer. */
void
mig_migration_abort (MigMigration *self)
{
  g_autofree char *path = NULL;

  if (self->id == NULL)
    return;
  path = g_strdup_printf ("/v1/migrations/%s/abort", self->id);
  mig_peer_request_async (self->peer, self->identity, SOUP_METHOD_POST, path, NULL, NULL,
                          abort_done_cb, g_object_ref (self));
  set_state (self, "aborted");
}

/* Ends the send with @error, aborting on the target what was started. */
static void
fail (GTask  *task,
      GError *error)
{
  MigMigration *self = g_task_get_source_object (task);

  mig_migration_abort (self);
  g_task_return_error (task, error);
}

/* The answer to one step of the send, or NULL once the send has failed. */
static JsonNode *
step_answer (GTask        *task,
             GObject      *source,
             GAsyncResult *result,
             guint         expected_status)
{
  MigMigration *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  guint status;

  root = mig_peer_request_finish (MIG_PEER (source), result, &status, &error);
  if (root == NULL)
    {
      fail (task, g_steal_pointer (&error));
      return NULL;
    }
  if (status != expected_status)
    {
      fail (task, error_from_answer (self->peer, status, root));
      json_node_unref (root);
      return NULL;
    }
  return root;
}

static void
status_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MigMigration *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) root = step_answer (task, source, result, 200);
  const char *state;

  if (root == NULL)
    return;

  state = member_string (root, "state");
  if (state == NULL)
    {
      fail (task, g_error_new (MIG_ERROR, MIG_ERROR_FAILED, _("%s gave an answer that makes no sense"),
                               peer_name (self->peer)));
      return;
    }
  set_state (self, state);

  if (strcmp (state, "restored") == 0)
    g_task_return_boolean (task, TRUE);
  else if (strcmp (state, "failed") == 0 || strcmp (state, "aborted") == 0 || strcmp (state, "committed") == 0)
    {
      const char *reason = member_string (root, "error");

      g_task_return_new_error (task, MIG_ERROR, MIG_ERROR_FAILED, _("The application could not open on %s: %s"),
                               peer_name (self->peer), reason != NULL ? reason : state);
    }
  else if (g_get_monotonic_time () > self->deadline)
    fail (task, g_error_new (MIG_ERROR, MIG_ERROR_TIMEOUT, _("%s did not open the application in time"),
                             peer_name (self->peer)));
  else
    poll_status (g_steal_pointer (&task));
}

static void
poll_status (GTask *task)
{
  MigMigration *self = g_task_get_source_object (task);
  g_autofree char *path = g_strdup_printf ("/v1/migrations/%s?wait=%d&state=%s", self->id, POLL_SECONDS, self->state);

  mig_peer_request_async (self->peer, self->identity, SOUP_METHOD_GET, path, NULL,
                          g_task_get_cancellable (task), status_done_cb, task);
}

static void
upload_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MigMigration *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) root = step_answer (task, source, result, 202);

  if (root == NULL)
    return;
  self->bytes_sent += g_bytes_get_size (self->tree);
  /* The first poll answers at once with whatever the target reached. */
  set_state (self, "receiving");
  poll_status (g_steal_pointer (&task));
}

static void
offer_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MigMigration *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) root = step_answer (task, source, result, 201);
  g_autofree char *path = NULL;
  GCancellable *cancellable;
  const char *id;

  if (root == NULL)
    return;
  id = member_string (root, "id");
  if (id == NULL || !g_uuid_string_is_valid (id))
    {
      g_task_return_new_error (task, MIG_ERROR, MIG_ERROR_FAILED, _("%s gave an answer that makes no sense"),
                               peer_name (self->peer));
      return;
    }
  self->id = g_strdup (id);
  set_state (self, "offered");

  path = g_strdup_printf ("/v1/migrations/%s/tree", self->id);
  cancellable = g_task_get_cancellable (task);
  mig_peer_request_async (self->peer, self->identity, SOUP_METHOD_PUT, path, self->tree,
                          cancellable, upload_done_cb, g_steal_pointer (&task));
}

void
mig_migration_send_async (MigMigration        *self,
                          GBytes              *tree,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *checksum = NULL;
  g_autoptr(GBytes) offer = NULL;
  GString *out = g_string_new (NULL);
  MigJsonWriter w;
  gsize length;

  g_task_set_source_tag (task, mig_migration_send_async);
  g_task_set_check_cancellable (task, FALSE);
  self->tree = g_bytes_ref (tree);
  self->deadline = g_get_monotonic_time () + SEND_DEADLINE_SECONDS * G_USEC_PER_SEC;
  checksum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, tree);

  mig_json_writer_init (&w, out);
  mig_json_writer_begin_object (&w);
  mig_json_writer_key (&w, "app");
  mig_json_writer_begin_object (&w);
  mig_json_writer_key (&w, "id");
  mig_json_writer_string (&w, self->app_id);
  if (self->app_version != NULL)
    {
      mig_json_writer_key (&w, "version");
      mig_json_writer_string (&w, self->app_version);
    }
  mig_json_writer_end_object (&w);
  mig_json_writer_key (&w, "mode");
  mig_json_writer_string (&w, self->clone ? "clone" : "move");
  mig_json_writer_key (&w, "size");
  mig_json_writer_int (&w, g_bytes_get_size (tree));
  mig_json_writer_key (&w, "sha256");
  mig_json_writer_string (&w, checksum);
  mig_json_writer_key (&w, "source");
  mig_json_writer_begin_object (&w);
  mig_json_writer_key (&w, "id");
  mig_json_writer_string (&w, mig_identity_get_device_id (self->identity));
  mig_json_writer_key (&w, "name");
  mig_json_writer_string (&w, mig_identity_get_name (self->identity));
  mig_json_writer_end_object (&w);
  mig_json_writer_end_object (&w);
  length = out->len;
  offer = g_string_free_to_bytes (out);
  self->bytes_sent += length;

  set_state (self, "offering");
  mig_peer_request_async (self->peer, self->identity, SOUP_METHOD_POST, "/v1/migrations", offer,
                          cancellable, offer_done_cb, g_steal_pointer (&task));
}

gboolean
mig_migration_send_finish (MigMigration  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Delays between commit attempts, in milliseconds: about a minute in all. */
static const guint commit_delays[] = { 0, 250, 500, 1000, 2000, 4000, 8000, 15000, 30000 };

static void try_commit (GTask *task);

static gboolean
retry_commit_cb (gpointer user_data)
{
  try_commit (user_data);
  return G_SOURCE_REMOVE;
}

static void
commit_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  MigMigration *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  guint attempt = GPOINTER_TO_UINT (g_task_get_task_data (task));
  guint status = 0;

  root = mig_peer_request_finish (MIG_PEER (source), result, &status, &error);
  /* A commit that was taken but whose answer was lost is answered
   * "already-committed" when it is sent again. */
  if (root != NULL && (status == 200 || g_strcmp0 (member_string (root, "error"), "already-committed") == 0))
    {
      set_state (self, "committed");
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  if (root != NULL && status != 0 && status < 500)
    {
      g_task_return_error (task, error_from_answer (self->peer, status, root));
      g_object_unref (task);
      return;
    }
  if (g_error_matches (error, MIG_ERROR, MIG_ERROR_CANCELLED) || attempt + 1 >= G_N_ELEMENTS (commit_delays))
    {
      g_task_return_error (task, error != NULL ? g_steal_pointer (&error)
                                               : error_from_answer (self->peer, status, root));
      g_object_unref (task);
      return;
    }

  g_debug ("Commit of %s not delivered (%s); trying again", self->id,
           error != NULL ? error->message : "server error");
  g_task_set_task_data (task, GUINT_TO_POINTER (attempt + 1), NULL);
  g_timeout_add (commit_delays[attempt + 1], retry_commit_cb, task);
}

static void
try_commit (GTask *task)
{
  MigMigration *self = g_task_get_source_object (task);
  g_autofree char *path = g_strdup_printf ("/v1/migrations/%s/commit", self->id);

  mig_peer_request_async (self->peer, self->identity, SOUP_METHOD_POST, path, NULL,
                          g_task_get_cancellable (task), commit_done_cb, task);
}

void
mig_migration_commit_async (MigMigration        *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, mig_migration_commit_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (0), NULL);
  try_commit (task);
}

gboolean
mig_migration_commit_finish (MigMigration  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
