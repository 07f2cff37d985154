/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <stdlib.h>

#include <avahi-client/client.h>
#include <avahi-client/lookup.h>
#include <avahi-common/error.h>
#include <avahi-glib/glib-malloc.h>
#include <avahi-glib/glib-watch.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "mig-device-profile.h"
#include "mig-identity-private.h"
#include "mig-json-reader-private.h"
#include "mig-peer-client-private.h"
#include "mig-peer-browser.h"
#include "mig-trust-store-private.h"

/**
 * MigPeerBrowser:
 *
 * The devices an application can migrate to, as a list model of
 * [class@Mig.Peer] that changes as devices come and go.
 *
 * Two sources are merged: peer shells announced over DNS-SD
 * (`_migui._tcp`, through avahi-daemon) and static peers, named as
 * `host:port` in the `static-peers` key of the `org.migui` settings or in
 * the `MIGUI_PEERS` environment variable (comma-separated), for networks
 * without multicast.  Static peers are asked for their `/v1/info` so that
 * they show their real name.  This device itself is never listed.
 *
 * Without avahi-daemon a message says so once and only static peers are
 * listed.
 */

struct _MigPeerBrowser
{
  GObject parent_instance;

  GPtrArray *peers;          /* MigPeer, in the order they were found */
  GHashTable *services;      /* "iface/proto/name" → MigPeer (borrowed) */
  MigIdentity *identity;
  AvahiGLibPoll *poll;
  AvahiClient *client;
  AvahiServiceBrowser *browser;
  GCancellable *cancellable;
  GFileMonitor *paired_monitor; /* the paired-devices file, for the "trusted" marks */
  gboolean started;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MigPeerBrowser, mig_peer_browser, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return MIG_TYPE_PEER;
}

static guint
get_n_items (GListModel *model)
{
  return MIG_PEER_BROWSER (model)->peers->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  MigPeerBrowser *self = MIG_PEER_BROWSER (model);

  return position < self->peers->len ? g_object_ref (self->peers->pdata[position]) : NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
mig_peer_browser_dispose (GObject *object)
{
  MigPeerBrowser *self = MIG_PEER_BROWSER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->browser, avahi_service_browser_free);
  g_clear_pointer (&self->client, avahi_client_free);
  g_clear_pointer (&self->poll, avahi_glib_poll_free);
  g_clear_object (&self->paired_monitor);
  g_clear_object (&self->identity);
  if (self->services != NULL)
    g_hash_table_remove_all (self->services);

  G_OBJECT_CLASS (mig_peer_browser_parent_class)->dispose (object);
}

static void
mig_peer_browser_finalize (GObject *object)
{
  MigPeerBrowser *self = MIG_PEER_BROWSER (object);

  g_ptr_array_unref (self->peers);
  g_hash_table_unref (self->services);

  G_OBJECT_CLASS (mig_peer_browser_parent_class)->finalize (object);
}

static void
mig_peer_browser_class_init (MigPeerBrowserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mig_peer_browser_dispose;
  object_class->finalize = mig_peer_browser_finalize;
}

static void
mig_peer_browser_init (MigPeerBrowser *self)
{
  self->peers = g_ptr_array_new_with_free_func (g_object_unref);
  self->services = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
}

/**
 * mig_peer_browser_new:
 *
 * Creates a browser; it finds nothing until [method@Mig.PeerBrowser.start].
 *
 * Returns: (transfer full): a new browser
 */
MigPeerBrowser *
mig_peer_browser_new (void)
{
  return g_object_new (MIG_TYPE_PEER_BROWSER, NULL);
}

static gboolean
is_local (MigPeerBrowser *self,
          const char     *device_id)
{
  return self->identity != NULL && g_strcmp0 (device_id, mig_identity_get_device_id (self->identity)) == 0;
}

static int
find_peer (MigPeerBrowser *self,
           MigPeer        *peer)
{
  guint position;

  return g_ptr_array_find (self->peers, peer, &position) ? (int) position : -1;
}

static void
add_peer (MigPeerBrowser *self,
          MigPeer        *peer)
{
  g_ptr_array_add (self->peers, g_object_ref (peer));
  g_list_model_items_changed (G_LIST_MODEL (self), self->peers->len - 1, 0, 1);
}

static void
replace_peer (MigPeerBrowser *self,
              MigPeer        *old,
              MigPeer        *peer)
{
  int position = find_peer (self, old);

  if (position < 0)
    return;
  g_ptr_array_index (self->peers, position) = g_object_ref (peer);
  g_object_unref (old);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
}

static void
remove_peer (MigPeerBrowser *self,
             MigPeer        *peer)
{
  int position = find_peer (self, peer);

  if (position < 0)
    return;
  g_ptr_array_remove_index (self->peers, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

/* Whether the device the peer says it is was paired with this one, under
 * the certificate it advertises: a hint for the list (the "paired" mark),
 * not trust, which is decided by the certificate it presents. */
static gboolean
is_paired (MigPeerBrowser *self,
           const char     *id,
           const char     *fingerprint)
{
  g_autoptr(MigPairedDevice) device = NULL;

  if (self->identity == NULL || id == NULL || fingerprint == NULL)
    return FALSE;
  device = mig_trust_store_lookup_by_id (mig_identity_get_config_dir (self->identity), id);
  return device != NULL && g_ascii_strcasecmp (device->fingerprint, fingerprint) == 0;
}

static MigPeer *
new_peer (MigPeerBrowser *self,
          const char     *id,
          const char     *name,
          const char     *address,
          guint16         port,
          const char     *form_factor,
          int             width,
          int             height,
          const char     *fingerprint)
{
  MigFormFactor ff = MIG_FORM_FACTOR_DESKTOP;

  if (form_factor != NULL)
    mig_form_factor_from_string (form_factor, &ff);
  return g_object_new (MIG_TYPE_PEER, "id", id, "name", name, "address", address, "port", port,
                       "form-factor", ff, "width", MAX (width, 0), "height", MAX (height, 0),
                       "fingerprint", fingerprint,
                       "trusted", is_paired (self, id, fingerprint),
                       NULL);
}

/* A device paired or unpaired while the list is shown: the marks follow. */
static void
paired_changed_cb (GFileMonitor      *monitor,
                   GFile             *file,
                   GFile             *other,
                   GFileMonitorEvent  event,
                   MigPeerBrowser    *self)
{
  for (guint i = 0; i < self->peers->len; i++)
    {
      MigPeer *peer = self->peers->pdata[i];
      gboolean paired = is_paired (self, mig_peer_get_id (peer), mig_peer_get_fingerprint (peer));

      if (paired != mig_peer_get_trusted (peer))
        g_object_set (peer, "trusted", paired, NULL);
    }
}

static void
watch_paired_devices (MigPeerBrowser *self)
{
  g_autofree char *path = g_build_filename (mig_identity_get_config_dir (self->identity), "paired-devices", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  self->paired_monitor = g_file_monitor_file (file, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
  if (self->paired_monitor != NULL)
    g_signal_connect_object (self->paired_monitor, "changed", G_CALLBACK (paired_changed_cb), self, 0);
}

/* Static peers ------------------------------------------------------------ */

static void
info_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MigPeerBrowser) self = user_data;
  MigPeer *placeholder = MIG_PEER (source);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MigPeer) peer = NULL;
  JsonObject *info, *profile;
  const char *id, *name;
  guint status = 0;

  root = mig_peer_request_finish (placeholder, result, &status, &error);
  if (root == NULL)
    {
      if (!g_error_matches (error, MIG_ERROR, MIG_ERROR_CANCELLED))
        g_debug ("Static peer %s:%u: %s", mig_peer_get_address (placeholder),
                 mig_peer_get_port (placeholder), error->message);
      return;
    }
  info = status == 200 ? mig_json_node_get_object (root) : NULL;
  id = mig_json_object_get_string (info, "id");
  name = mig_json_object_get_string (info, "name");
  if (id == NULL || name == NULL || strlen (name) > 256)
    return;
  if (is_local (self, id))
    {
      remove_peer (self, placeholder);
      return;
    }
  profile = mig_json_object_get_object (info, "profile");
  peer = new_peer (self, id, name, mig_peer_get_address (placeholder), mig_peer_get_port (placeholder),
                   mig_json_object_get_string (profile, "form-factor"), mig_json_object_get_int (profile, "width", 0),
                   mig_json_object_get_int (profile, "height", 0), mig_json_object_get_string (info, "fingerprint"));
  replace_peer (self, placeholder, peer);
}

/* Splits "host", "host:port", "[v6 address]" or "[v6 address]:port";
 * @has_port says whether a port was given.  FALSE if the port is not a
 * number from 1 to 65535. */
static gboolean
parse_host_port (const char  *spec,
                 char       **host,
                 guint16     *port,
                 gboolean    *has_port)
{
  const char *colon = strrchr (spec, ':');
  const char *bracket = strchr (spec, ']');
  guint64 number = 47810;

  *has_port = colon != NULL && (spec[0] == '[' ? bracket != NULL && bracket < colon : strchr (spec, ':') == colon);
  if (*has_port && !g_ascii_string_to_unsigned (colon + 1, 10, 1, G_MAXUINT16, &number, NULL))
    return FALSE;
  *host = *has_port ? g_strndup (spec, colon - spec) : g_strdup (spec);
  if ((*host)[0] == '[')
    {
      char *end = strchr (*host, ']');

      if (end != NULL)
        *end = '\0';
      memmove (*host, *host + 1, strlen (*host));
    }
  *port = number;
  return TRUE;
}

static void
add_static_peer (MigPeerBrowser *self,
                 const char     *spec)
{
  g_autofree char *host = NULL;
  g_autofree char *id = NULL;
  g_autoptr(MigPeer) peer = NULL;
  gboolean has_port;
  guint16 port;

  spec = g_strstrip ((char *) spec);
  if (*spec == '\0')
    return;
  if (!parse_host_port (spec, &host, &port, &has_port))
    {
      g_message ("Ignoring the static peer “%s”: the port is not a number from 1 to 65535", spec);
      return;
    }

  id = g_strdup_printf ("%s:%u", host, port);
  peer = g_object_new (MIG_TYPE_PEER, "id", id, "name", id, "address", host, "port", (guint) port, NULL);
  add_peer (self, peer);
  if (self->identity != NULL)
    mig_peer_request_async (peer, self->identity, "GET", "/v1/info", NULL, self->cancellable,
                            info_done_cb, g_object_ref (self));
}

static void
add_static_peers (MigPeerBrowser *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source != NULL ? g_settings_schema_source_lookup (source, "org.migui", TRUE) : NULL;
  const char *env = g_getenv ("MIGUI_PEERS");

  if (schema != NULL)
    {
      g_autoptr(GSettings) settings = g_settings_new ("org.migui");
      g_auto(GStrv) specs = g_settings_get_strv (settings, "static-peers");

      for (guint i = 0; specs[i] != NULL; i++)
        add_static_peer (self, specs[i]);
    }
  if (env != NULL)
    {
      g_auto(GStrv) specs = g_strsplit (env, ",", 0);

      for (guint i = 0; specs[i] != NULL; i++)
        add_static_peer (self, specs[i]);
    }
}

/* DNS-SD ------------------------------------------------------------------ */

static char *
service_key (AvahiIfIndex     interface,
             AvahiProtocol    protocol,
             const char      *name)
{
  return g_strdup_printf ("%d/%d/%s", interface, protocol, name);
}

static char *
txt_value (AvahiStringList *txt,
           const char      *key)
{
  AvahiStringList *item = avahi_string_list_find (txt, key);
  char *k = NULL, *v = NULL;
  char *value;

  if (item == NULL || avahi_string_list_get_pair (item, &k, &v, NULL) < 0)
    return NULL;
  value = v != NULL && g_utf8_validate (v, -1, NULL) ? g_strdup (v) : NULL;
  avahi_free (k);
  avahi_free (v);
  return value;
}

static void
resolve_cb (AvahiServiceResolver   *resolver,
            AvahiIfIndex            interface,
            AvahiProtocol           protocol,
            AvahiResolverEvent      event,
            const char             *name,
            const char             *type,
            const char             *domain,
            const char             *host_name,
            const AvahiAddress     *address,
            uint16_t                port,
            AvahiStringList        *txt,
            AvahiLookupResultFlags  flags,
            void                   *user_data)
{
  MigPeerBrowser *self = user_data;
  g_autofree char *key = service_key (interface, protocol, name);
  g_autofree char *version = NULL, *id = NULL, *peer_name = NULL, *ff = NULL, *w = NULL, *h = NULL, *fp = NULL;
  char address_text[AVAHI_ADDRESS_STR_MAX];
  g_autoptr(MigPeer) peer = NULL;
  MigPeer *old;

  if (event != AVAHI_RESOLVER_FOUND)
    {
      avahi_service_resolver_free (resolver);
      return;
    }

  version = txt_value (txt, "v");
  id = txt_value (txt, "id");
  peer_name = txt_value (txt, "name");
  ff = txt_value (txt, "ff");
  w = txt_value (txt, "w");
  h = txt_value (txt, "h");
  fp = txt_value (txt, "fp");
  avahi_address_snprint (address_text, sizeof address_text, address);
  avahi_service_resolver_free (resolver);

  if (g_strcmp0 (version, "1") != 0 || id == NULL || is_local (self, id))
    return;
  /* The same device seen on another interface is listed once. */
  for (guint i = 0; i < self->peers->len; i++)
    if (g_strcmp0 (mig_peer_get_id (self->peers->pdata[i]), id) == 0 &&
        g_hash_table_lookup (self->services, key) != self->peers->pdata[i])
      return;

  peer = new_peer (self, id, peer_name != NULL ? peer_name : name, address_text, port, ff,
                   w != NULL ? atoi (w) : 0, h != NULL ? atoi (h) : 0, fp);
  g_debug ("Found %s (%s) at %s:%u", mig_peer_get_name (peer), id, address_text, port);
  old = g_hash_table_lookup (self->services, key);
  if (old != NULL)
    replace_peer (self, old, peer);
  else
    add_peer (self, peer);
  g_hash_table_replace (self->services, g_steal_pointer (&key), peer);
}

static void
browse_cb (AvahiServiceBrowser    *browser,
           AvahiIfIndex            interface,
           AvahiProtocol           protocol,
           AvahiBrowserEvent       event,
           const char             *name,
           const char             *type,
           const char             *domain,
           AvahiLookupResultFlags  flags,
           void                   *user_data)
{
  MigPeerBrowser *self = user_data;

  if (event == AVAHI_BROWSER_NEW)
    {
      if (avahi_service_resolver_new (self->client, interface, protocol, name, type, domain,
                                      AVAHI_PROTO_INET, 0, resolve_cb, self) == NULL)
        g_debug ("Could not resolve %s: %s", name, avahi_strerror (avahi_client_errno (self->client)));
    }
  else if (event == AVAHI_BROWSER_REMOVE)
    {
      g_autofree char *key = service_key (interface, protocol, name);
      MigPeer *peer = g_hash_table_lookup (self->services, key);

      if (peer != NULL)
        {
          g_debug ("Lost %s", mig_peer_get_name (peer));
          g_hash_table_remove (self->services, key);
          remove_peer (self, peer);
        }
    }
}

static void
client_cb (AvahiClient      *client,
           AvahiClientState  state,
           void             *user_data)
{
  MigPeerBrowser *self = user_data;

  self->client = client;
  if (state == AVAHI_CLIENT_S_RUNNING && self->browser == NULL)
    {
      self->browser = avahi_service_browser_new (client, AVAHI_IF_UNSPEC, AVAHI_PROTO_INET, "_migui._tcp",
                                                 NULL, 0, browse_cb, self);
      if (self->browser == NULL)
        g_message ("Could not look for devices over DNS-SD: %s", avahi_strerror (avahi_client_errno (client)));
    }
  else if (state == AVAHI_CLIENT_CONNECTING || state == AVAHI_CLIENT_FAILURE)
    {
      GHashTableIter iter;
      MigPeer *peer;

      if (self->browser == NULL && state == AVAHI_CLIENT_CONNECTING)
        g_message ("avahi-daemon is not running: only the devices named in MIGUI_PEERS or the "
                   "static-peers setting are listed");
      /* The daemon went away, and its browser with it. */
      self->browser = NULL;
      g_hash_table_iter_init (&iter, self->services);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &peer))
        {
          remove_peer (self, peer);
          g_hash_table_iter_remove (&iter);
        }
    }
}

/**
 * mig_peer_browser_start:
 * @self: a `MigPeerBrowser`
 *
 * Starts looking for devices.  Calling it again does nothing.
 */
void
mig_peer_browser_start (MigPeerBrowser *self)
{
  g_autoptr(GError) error = NULL;
  int avahi_error = 0;

  g_return_if_fail (MIG_IS_PEER_BROWSER (self));

  if (self->started)
    return;
  self->started = TRUE;

  self->identity = mig_identity_load_default (&error);
  if (self->identity == NULL)
    g_message ("This device has no identity, so static peers cannot be asked who they are: %s", error->message);
  else
    watch_paired_devices (self);

  add_static_peers (self);

  avahi_set_allocator (avahi_glib_allocator ());
  self->poll = avahi_glib_poll_new (NULL, G_PRIORITY_DEFAULT);
  self->client = avahi_client_new (avahi_glib_poll_get (self->poll), AVAHI_CLIENT_NO_FAIL,
                                   client_cb, self, &avahi_error);
  if (self->client == NULL)
    g_message ("avahi-daemon cannot be reached (%s): only the devices named in MIGUI_PEERS or the "
               "static-peers setting are listed", avahi_strerror (avahi_error));
}

/**
 * mig_peer_browser_lookup:
 * @self: a `MigPeerBrowser`
 * @peer: a device ID, a device name, or `host:port`
 *
 * Finds a device by its ID, else by its name (case-insensitively), else by
 * `host:port` (or `host` for the default port 47810), which need not be
 * listed: a peer is made for it.
 *
 * Returns: (transfer full) (nullable): the peer, or %NULL if no listed
 *   device matches and @peer is not an address
 */
MigPeer *
mig_peer_browser_lookup (MigPeerBrowser *self,
                         const char     *peer)
{
  g_autofree char *host = NULL;
  gboolean has_port;
  guint16 port;

  g_return_val_if_fail (MIG_IS_PEER_BROWSER (self), NULL);
  g_return_val_if_fail (peer != NULL, NULL);

  for (guint i = 0; i < self->peers->len; i++)
    if (g_strcmp0 (mig_peer_get_id (self->peers->pdata[i]), peer) == 0)
      return g_object_ref (self->peers->pdata[i]);
  for (guint i = 0; i < self->peers->len; i++)
    if (mig_peer_get_name (self->peers->pdata[i]) != NULL &&
        g_utf8_collate (mig_peer_get_name (self->peers->pdata[i]), peer) == 0)
      return g_object_ref (self->peers->pdata[i]);

  /* Not listed: an address, with a port or as a bare IP address. */
  if (!parse_host_port (peer, &host, &port, &has_port) || (!has_port && !g_hostname_is_ip_address (host)))
    return NULL;
  return mig_peer_new (peer, peer, host, port);
}

/* A device found by DNS-SD may take a moment to appear after the browser
 * starts, so a name not listed yet is waited for, a few seconds. */
#define FIND_WAIT_SECONDS 5

typedef struct
{
  MigPeerBrowser *browser;
  char *name;
  gulong changed_id;
  gulong cancelled_id;
  guint timeout_id;
} FindPeer;

static void
find_peer_free (FindPeer *find)
{
  g_clear_signal_handler (&find->changed_id, find->browser);
  g_clear_handle_id (&find->timeout_id, g_source_remove);
  g_object_unref (find->browser);
  g_free (find->name);
  g_free (find);
}

/* Returns the task's result once, whichever of the ways to end comes first. */
static void
find_peer_return (GTask   *task,
                  MigPeer *peer,
                  GError  *error)
{
  FindPeer *find = g_task_get_task_data (task);

  g_clear_signal_handler (&find->changed_id, find->browser);
  g_clear_handle_id (&find->timeout_id, g_source_remove);
  if (find->cancelled_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (task), find->cancelled_id);
  find->cancelled_id = 0;
  if (peer != NULL)
    g_task_return_pointer (task, peer, g_object_unref);
  else
    g_task_return_error (task, error);
  g_object_unref (task);
}

static void
find_peer_changed_cb (GListModel *model,
                      guint       position,
                      guint       removed,
                      guint       added,
                      GTask      *task)
{
  FindPeer *find = g_task_get_task_data (task);
  MigPeer *peer = mig_peer_browser_lookup (find->browser, find->name);

  if (peer != NULL)
    find_peer_return (task, peer, NULL);
}

static gboolean
find_peer_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  FindPeer *find = g_task_get_task_data (task);

  find->timeout_id = 0;
  find_peer_return (task, NULL, g_error_new (MIG_ERROR, MIG_ERROR_UNREACHABLE,
                                             _("There is no device called “%s”"), find->name));
  return G_SOURCE_REMOVE;
}

static gboolean
find_peer_cancelled_idle_cb (gpointer user_data)
{
  GTask *task = user_data;
  FindPeer *find = g_task_get_task_data (task);

  /* Not returned yet: the cancellation came first. */
  if (find->timeout_id != 0)
    find_peer_return (task, NULL, g_error_new_literal (MIG_ERROR, MIG_ERROR_CANCELLED, _("Cancelled")));
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static void
find_peer_cancelled_cb (GCancellable *cancellable,
                        GTask        *task)
{
  /* Disconnecting inside the handler would deadlock, and the cancel may
   * come from another thread: return later, from the task's context. */
  GSource *source = g_idle_source_new ();

  g_source_set_callback (source, find_peer_cancelled_idle_cb, g_object_ref (task), NULL);
  g_source_attach (source, g_task_get_context (task));
  g_source_unref (source);
}

/**
 * mig_peer_browser_find_async:
 * @self: a `MigPeerBrowser`
 * @peer: a device ID, a device name, or `host:port`
 * @cancellable: (nullable): a `GCancellable`
 * @callback: called with the peer
 * @user_data: data for @callback
 *
 * Finds a device like [method@Mig.PeerBrowser.lookup], waiting a few
 * seconds for it to be discovered if it is not listed yet, as happens just
 * after the browser has started.  Starts the browser if needed.
 */
void
mig_peer_browser_find_async (MigPeerBrowser      *self,
                             const char          *peer,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  MigPeer *found;
  FindPeer *find;

  g_return_if_fail (MIG_IS_PEER_BROWSER (self));
  g_return_if_fail (peer != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mig_peer_browser_find_async);
  g_task_set_check_cancellable (task, FALSE);
  mig_peer_browser_start (self);
  found = mig_peer_browser_lookup (self, peer);
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_clear_object (&found);
      g_task_return_new_error (task, MIG_ERROR, MIG_ERROR_CANCELLED, _("Cancelled"));
      g_object_unref (task);
      return;
    }
  if (found != NULL)
    {
      g_task_return_pointer (task, found, g_object_unref);
      g_object_unref (task);
      return;
    }
  find = g_new0 (FindPeer, 1);
  find->browser = g_object_ref (self);
  find->name = g_strdup (peer);
  g_task_set_task_data (task, find, (GDestroyNotify) find_peer_free);
  find->changed_id = g_signal_connect (self, "items-changed", G_CALLBACK (find_peer_changed_cb), task);
  find->timeout_id = g_timeout_add_seconds (FIND_WAIT_SECONDS, find_peer_timeout_cb, task);
  if (cancellable != NULL)
    find->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (find_peer_cancelled_cb), task, NULL);
}

/**
 * mig_peer_browser_find_finish:
 * @self: a `MigPeerBrowser`
 * @result: the result given to the callback
 * @error: return location for a `GError`
 *
 * Finishes [method@Mig.PeerBrowser.find_async].  Fails with
 * %MIG_ERROR_UNREACHABLE if no such device appeared in time, or
 * %MIG_ERROR_CANCELLED.
 *
 * Returns: (transfer full): the peer, or %NULL with @error set
 */
MigPeer *
mig_peer_browser_find_finish (MigPeerBrowser  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (MIG_IS_PEER_BROWSER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mig_peer_browser_find_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
