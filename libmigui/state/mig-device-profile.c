/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "mig-device-profile.h"
#include "mig-enum-types.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

/**
 * MigDeviceProfile:
 *
 * What kind of device an application runs on: its form factor, the logical
 * size of its screen's work area, the scale and whether it has touch.
 *
 * A form tree records the profile of the device it was made on; on restore
 * it is compared with the local one to adapt window sizes, and given to
 * [signal@Mig.Window::adapt].
 */

struct _MigDeviceProfile
{
  GObject parent_instance;

  MigFormFactor form_factor;
  int width;
  int height;
  int scale;
  gboolean touch;
};

G_DEFINE_FINAL_TYPE (MigDeviceProfile, mig_device_profile, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FORM_FACTOR,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_SCALE,
  PROP_TOUCH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mig_device_profile_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MigDeviceProfile *self = MIG_DEVICE_PROFILE (object);

  switch (prop_id)
    {
    case PROP_FORM_FACTOR:
      g_value_set_enum (value, self->form_factor);
      break;
    case PROP_WIDTH:
      g_value_set_int (value, self->width);
      break;
    case PROP_HEIGHT:
      g_value_set_int (value, self->height);
      break;
    case PROP_SCALE:
      g_value_set_int (value, self->scale);
      break;
    case PROP_TOUCH:
      g_value_set_boolean (value, self->touch);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mig_device_profile_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  MigDeviceProfile *self = MIG_DEVICE_PROFILE (object);

  switch (prop_id)
    {
    case PROP_FORM_FACTOR:
      self->form_factor = g_value_get_enum (value);
      break;
    case PROP_WIDTH:
      self->width = g_value_get_int (value);
      break;
    case PROP_HEIGHT:
      self->height = g_value_get_int (value);
      break;
    case PROP_SCALE:
      self->scale = g_value_get_int (value);
      break;
    case PROP_TOUCH:
      self->touch = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mig_device_profile_class_init (MigDeviceProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = mig_device_profile_get_property;
  object_class->set_property = mig_device_profile_set_property;

  /**
   * MigDeviceProfile:form-factor:
   *
   * The form factor of the device.
   */
  properties[PROP_FORM_FACTOR] =
    g_param_spec_enum ("form-factor", NULL, NULL,
                       MIG_TYPE_FORM_FACTOR, MIG_FORM_FACTOR_DESKTOP, flags);

  /**
   * MigDeviceProfile:width:
   *
   * The logical width of the work area, in application pixels.
   */
  properties[PROP_WIDTH] = g_param_spec_int ("width", NULL, NULL, 0, G_MAXINT, 0, flags);

  /**
   * MigDeviceProfile:height:
   *
   * The logical height of the work area, in application pixels.
   */
  properties[PROP_HEIGHT] = g_param_spec_int ("height", NULL, NULL, 0, G_MAXINT, 0, flags);

  /**
   * MigDeviceProfile:scale:
   *
   * The scale factor of the screen.
   */
  properties[PROP_SCALE] = g_param_spec_int ("scale", NULL, NULL, 1, 16, 1, flags);

  /**
   * MigDeviceProfile:touch:
   *
   * Whether the device has a touch screen.
   */
  properties[PROP_TOUCH] = g_param_spec_boolean ("touch", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mig_device_profile_init (MigDeviceProfile *self)
{
  self->scale = 1;
}

/**
 * mig_device_profile_new:
 * @form_factor: the form factor
 * @width: the logical width of the work area
 * @height: the logical height of the work area
 * @scale: the scale factor, at least 1
 * @touch: whether the device has touch input
 *
 * Creates a device profile from known values.
 *
 * Returns: (transfer full): the new profile
 */
MigDeviceProfile *
mig_device_profile_new (MigFormFactor form_factor,
                        int           width,
                        int           height,
                        int           scale,
                        gboolean      touch)
{
  return g_object_new (MIG_TYPE_DEVICE_PROFILE,
                       "form-factor", form_factor,
                       "width", MAX (width, 0),
                       "height", MAX (height, 0),
                       "scale", CLAMP (scale, 1, 16),
                       "touch", touch,
                       NULL);
}

/**
 * mig_device_profile_new_for_display:
 * @display: a `GdkDisplay`
 *
 * Describes the device @display is on: the work area of its first monitor
 * (on X11 the area not taken by panels), its scale, whether a touch screen
 * is attached, and a form factor guessed from those.  A screen less than 600
 * logical pixels wide is a phone, a touch screen up to 1400 is a tablet.
 * The `MIGUI_FORM_FACTOR` environment variable (`desktop`, `tablet`,
 * `phone`, `tv`) overrides the guess.
 *
 * Returns: (transfer full): the profile of the local device
 */
MigDeviceProfile *
mig_device_profile_new_for_display (GdkDisplay *display)
{
  g_autoptr(GdkMonitor) monitor = NULL;
  GdkRectangle area = { 0, 0, 0, 0 };
  GListModel *monitors;
  GdkSeat *seat;
  MigFormFactor form_factor;
  gboolean touch = FALSE;
  int scale = 1;
  const char *env;

  g_return_val_if_fail (GDK_IS_DISPLAY (display), NULL);

  monitors = gdk_display_get_monitors (display);
  if (g_list_model_get_n_items (monitors) > 0)
    monitor = g_list_model_get_item (monitors, 0);

  if (monitor != NULL)
    {
      gdk_monitor_get_geometry (monitor, &area);
      scale = gdk_monitor_get_scale_factor (monitor);
      /* The geometry is in application pixels, the scale already applied:
       * all that Wayland tells.  Where GTK still has the X11 work area
       * (before 4.18, which deprecates it) it leaves out panels too. */
#if defined(GDK_WINDOWING_X11) && !GTK_CHECK_VERSION(4, 18, 0)
      if (GDK_IS_X11_MONITOR (monitor))
        gdk_x11_monitor_get_workarea (monitor, &area);
#endif
    }

  seat = gdk_display_get_default_seat (display);
  if (seat != NULL)
    touch = (gdk_seat_get_capabilities (seat) & GDK_SEAT_CAPABILITY_TOUCH) != 0;

  if (area.width < 600)
    form_factor = MIG_FORM_FACTOR_PHONE;
  else if (touch && area.width <= 1400)
    form_factor = MIG_FORM_FACTOR_TABLET;
  else
    form_factor = MIG_FORM_FACTOR_DESKTOP;

  env = g_getenv ("MIGUI_FORM_FACTOR");
  if (env != NULL && !mig_form_factor_from_string (env, &form_factor))
    g_warning ("Ignoring MIGUI_FORM_FACTOR=%s: use desktop, tablet, phone or tv", env);

  return mig_device_profile_new (form_factor, area.width, area.height, scale, touch);
}

/**
 * mig_device_profile_get_form_factor:
 * @self: a `MigDeviceProfile`
 *
 * Gets the form factor of the device.
 *
 * Returns: the form factor
 */
MigFormFactor
mig_device_profile_get_form_factor (MigDeviceProfile *self)
{
  g_return_val_if_fail (MIG_IS_DEVICE_PROFILE (self), MIG_FORM_FACTOR_DESKTOP);
  return self->form_factor;
}

/**
 * mig_device_profile_get_width:
 * @self: a `MigDeviceProfile`
 *
 * Gets the logical width of the device's work area.
 *
 * Returns: the width
 */
int
mig_device_profile_get_width (MigDeviceProfile *self)
{
  g_return_val_if_fail (MIG_IS_DEVICE_PROFILE (self), 0);
  return self->width;
}

/**
 * mig_device_profile_get_height:
 * @self: a `MigDeviceProfile`
 *
 * Gets the logical height of the device's work area.
 *
 * Returns: the height
 */
int
mig_device_profile_get_height (MigDeviceProfile *self)
{
  g_return_val_if_fail (MIG_IS_DEVICE_PROFILE (self), 0);
  return self->height;
}

/**
 * mig_device_profile_get_scale:
 * @self: a `MigDeviceProfile`
 *
 * Gets the scale factor of the device's screen.
 *
 * Returns: the scale factor
 */
int
mig_device_profile_get_scale (MigDeviceProfile *self)
{
  g_return_val_if_fail (MIG_IS_DEVICE_PROFILE (self), 1);
  return self->scale;
}

/**
 * mig_device_profile_get_touch:
 * @self: a `MigDeviceProfile`
 *
 * Gets whether the device has a touch screen.
 *
 * Returns: %TRUE for touch
 */
gboolean
mig_device_profile_get_touch (MigDeviceProfile *self)
{
  g_return_val_if_fail (MIG_IS_DEVICE_PROFILE (self), FALSE);
  return self->touch;
}

/**
 * mig_device_profile_equal:
 * @self: a `MigDeviceProfile`
 * @other: another `MigDeviceProfile`
 *
 * Compares two profiles.
 *
 * Returns: %TRUE if both describe the same kind and size of device
 */
gboolean
mig_device_profile_equal (MigDeviceProfile *self,
                          MigDeviceProfile *other)
{
  g_return_val_if_fail (MIG_IS_DEVICE_PROFILE (self), FALSE);
  g_return_val_if_fail (MIG_IS_DEVICE_PROFILE (other), FALSE);

  return self->form_factor == other->form_factor &&
         self->width == other->width &&
         self->height == other->height &&
         self->scale == other->scale &&
         self->touch == other->touch;
}

static const char * const form_factor_names[] = { "desktop", "tablet", "phone", "tv" };

/**
 * mig_form_factor_to_string:
 * @form_factor: a `MigFormFactor`
 *
 * Gets the name of @form_factor used in form trees and DNS-SD records.
 *
 * Returns: "desktop", "tablet", "phone" or "tv"
 */
const char *
mig_form_factor_to_string (MigFormFactor form_factor)
{
  g_return_val_if_fail (form_factor <= MIG_FORM_FACTOR_TV, "desktop");
  return form_factor_names[form_factor];
}

/**
 * mig_form_factor_from_string:
 * @str: a form factor name
 * @form_factor: (out): return location for the form factor
 *
 * Parses a name returned by [func@Mig.FormFactor.to_string].
 *
 * Returns: %TRUE if @str names a form factor
 */
gboolean
mig_form_factor_from_string (const char    *str,
                             MigFormFactor *form_factor)
{
  g_return_val_if_fail (form_factor != NULL, FALSE);

  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (form_factor_names); i++)
    if (g_str_equal (str, form_factor_names[i]))
      {
        *form_factor = i;
        return TRUE;
      }
  return FALSE;
}
