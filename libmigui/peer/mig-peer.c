/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "mig-enum-types.h"
#include "mig-peer.h"

/**
 * MigPeer:
 *
 * Another device that applications can migrate to: its peer shell's
 * identity, name, form factor, screen size and address.
 *
 * What a peer announces over DNS-SD is a hint only; its identity is the
 * fingerprint of its TLS certificate.
 */

struct _MigPeer
{
  GObject parent_instance;

  char *id;
  char *name;
  char *address;
  guint16 port;
  MigFormFactor form_factor;
  int width;
  int height;
  char *fingerprint;
  gboolean trusted;
};

G_DEFINE_FINAL_TYPE (MigPeer, mig_peer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_ADDRESS,
  PROP_PORT,
  PROP_FORM_FACTOR,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_FINGERPRINT,
  PROP_TRUSTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mig_peer_finalize (GObject *object)
{
  MigPeer *self = MIG_PEER (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->address);
  g_free (self->fingerprint);

  G_OBJECT_CLASS (mig_peer_parent_class)->finalize (object);
}

static void
mig_peer_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  MigPeer *self = MIG_PEER (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_ADDRESS: g_value_set_string (value, self->address); break;
    case PROP_PORT: g_value_set_uint (value, self->port); break;
    case PROP_FORM_FACTOR: g_value_set_enum (value, self->form_factor); break;
    case PROP_WIDTH: g_value_set_int (value, self->width); break;
    case PROP_HEIGHT: g_value_set_int (value, self->height); break;
    case PROP_FINGERPRINT: g_value_set_string (value, self->fingerprint); break;
    case PROP_TRUSTED: g_value_set_boolean (value, self->trusted); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mig_peer_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  MigPeer *self = MIG_PEER (object);

  switch (prop_id)
    {
    case PROP_ID: self->id = g_value_dup_string (value); break;
    case PROP_NAME: self->name = g_value_dup_string (value); break;
    case PROP_ADDRESS: self->address = g_value_dup_string (value); break;
    case PROP_PORT: self->port = (guint16) g_value_get_uint (value); break;
    case PROP_FORM_FACTOR: self->form_factor = g_value_get_enum (value); break;
    case PROP_WIDTH: self->width = g_value_get_int (value); break;
    case PROP_HEIGHT: self->height = g_value_get_int (value); break;
    case PROP_FINGERPRINT: self->fingerprint = g_value_dup_string (value); break;
    case PROP_TRUSTED:
      if (self->trusted != g_value_get_boolean (value))
        {
          self->trusted = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mig_peer_class_init (MigPeerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = mig_peer_finalize;
  object_class->get_property = mig_peer_get_property;
  object_class->set_property = mig_peer_set_property;

  /**
   * MigPeer:id:
   *
   * The device ID of the peer (a UUID).
   */
  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);

  /**
   * MigPeer:name:
   *
   * The name of the device, for people.
   */
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);

  /**
   * MigPeer:address:
   *
   * The host name or IP address of the peer's shell.
   */
  properties[PROP_ADDRESS] = g_param_spec_string ("address", NULL, NULL, NULL, flags);

  /**
   * MigPeer:port:
   *
   * The TCP port of the peer's shell.
   */
  properties[PROP_PORT] = g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 47810, flags);

  /**
   * MigPeer:form-factor:
   *
   * The form factor the peer announces.
   */
  properties[PROP_FORM_FACTOR] =
    g_param_spec_enum ("form-factor", NULL, NULL, MIG_TYPE_FORM_FACTOR, MIG_FORM_FACTOR_DESKTOP, flags);

  /**
   * MigPeer:width:
   *
   * The logical screen width the peer announces.
   */
  properties[PROP_WIDTH] = g_param_spec_int ("width", NULL, NULL, 0, G_MAXINT, 0, flags);

  /**
   * MigPeer:height:
   *
   * The logical screen height the peer announces.
   */
  properties[PROP_HEIGHT] = g_param_spec_int ("height", NULL, NULL, 0, G_MAXINT, 0, flags);

  /**
   * MigPeer:fingerprint:
   *
   * The SHA-256 fingerprint of the peer's certificate.
   */
  properties[PROP_FINGERPRINT] = g_param_spec_string ("fingerprint", NULL, NULL, NULL, flags);

  /**
   * MigPeer:trusted:
   *
   * Whether the device the peer says it is was paired with this one, under
   * the certificate it advertises.  A hint for lists: applications are sent
   * only after the certificate it presents is checked.  In a
   * [class@Mig.PeerBrowser] it follows pairing and unpairing as they
   * happen.
   */
  properties[PROP_TRUSTED] = g_param_spec_boolean ("trusted", NULL, NULL, FALSE,
                                                   G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                                                   G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mig_peer_init (MigPeer *self)
{
  self->port = 47810;
}

/**
 * mig_peer_new:
 * @id: the device ID
 * @name: the device name
 * @address: the host name or address of its shell
 * @port: the TCP port of its shell
 *
 * Creates a peer description.  Other properties can be given with
 * g_object_new().
 *
 * Returns: (transfer full): the new peer
 */
MigPeer *
mig_peer_new (const char *id,
              const char *name,
              const char *address,
              guint16     port)
{
  return g_object_new (MIG_TYPE_PEER, "id", id, "name", name, "address", address, "port", port, NULL);
}

/**
 * mig_peer_get_id:
 * @self: a `MigPeer`
 *
 * Gets the device ID.
 *
 * Returns: (nullable): the ID
 */
const char *
mig_peer_get_id (MigPeer *self)
{
  g_return_val_if_fail (MIG_IS_PEER (self), NULL);
  return self->id;
}

/**
 * mig_peer_get_name:
 * @self: a `MigPeer`
 *
 * Gets the device name.
 *
 * Returns: (nullable): the name
 */
const char *
mig_peer_get_name (MigPeer *self)
{
  g_return_val_if_fail (MIG_IS_PEER (self), NULL);
  return self->name;
}

/**
 * mig_peer_get_address:
 * @self: a `MigPeer`
 *
 * Gets the address of the peer's shell.
 *
 * Returns: (nullable): the address
 */
const char *
mig_peer_get_address (MigPeer *self)
{
  g_return_val_if_fail (MIG_IS_PEER (self), NULL);
  return self->address;
}

/**
 * mig_peer_get_port:
 * @self: a `MigPeer`
 *
 * Gets the port of the peer's shell.
 *
 * Returns: the port
 */
guint16
mig_peer_get_port (MigPeer *self)
{
  g_return_val_if_fail (MIG_IS_PEER (self), 0);
  return self->port;
}

/**
 * mig_peer_get_form_factor:
 * @self: a `MigPeer`
 *
 * Gets the form factor the peer announces.
 *
 * Returns: the form factor
 */
MigFormFactor
mig_peer_get_form_factor (MigPeer *self)
{
  g_return_val_if_fail (MIG_IS_PEER (self), MIG_FORM_FACTOR_DESKTOP);
  return self->form_factor;
}

/**
 * mig_peer_get_width:
 * @self: a `MigPeer`
 *
 * Gets the screen width the peer announces.
 *
 * Returns: the width in logical pixels
 */
int
mig_peer_get_width (MigPeer *self)
{
  g_return_val_if_fail (MIG_IS_PEER (self), 0);
  return self->width;
}

/**
 * mig_peer_get_height:
 * @self: a `MigPeer`
 *
 * Gets the screen height the peer announces.
 *
 * Returns: the height in logical pixels
 */
int
mig_peer_get_height (MigPeer *self)
{
  g_return_val_if_fail (MIG_IS_PEER (self), 0);
  return self->height;
}

/**
 * mig_peer_get_fingerprint:
 * @self: a `MigPeer`
 *
 * Gets the fingerprint of the peer's certificate.
 *
 * Returns: (nullable): the fingerprint
 */
const char *
mig_peer_get_fingerprint (MigPeer *self)
{
  g_return_val_if_fail (MIG_IS_PEER (self), NULL);
  return self->fingerprint;
}

/**
 * mig_peer_get_trusted:
 * @self: a `MigPeer`
 *
 * Gets whether the peer says it is a device paired with this one (see
 * [property@Mig.Peer:trusted]).
 *
 * Returns: %TRUE if trusted
 */
gboolean
mig_peer_get_trusted (MigPeer *self)
{
  g_return_val_if_fail (MIG_IS_PEER (self), FALSE);
  return self->trusted;
}
