import { describe, expect, it } from "vitest";
import { countryChanged, sessionFlags, signInSignals, type PastUse } from "@/lib/sessions/signals";

const chromeMacBerlin: PastUse = { browser: "Chrome", os: "macOS", city: "Berlin", country: "DE", lastCity: null, lastCountry: null };
const arrival = (over: Partial<PastUse> = {}) => ({ browser: "Chrome", os: "macOS", city: "Berlin", country: "DE", ...over });

describe("signInSignals", () => {
  it("flags nothing for a browser and place the user has used", () => {
    expect(signInSignals(arrival(), [chromeMacBerlin])).toEqual({ newDevice: false, newLocation: false });
  });

  it("flags nothing on a user's first sign-in: there is nothing to compare with", () => {
    expect(signInSignals(arrival({ browser: "Firefox", country: "BR" }), [])).toEqual({ newDevice: false, newLocation: false });
  });

  it("flags a new device when this browser family on this OS is new, whatever its version", () => {
    expect(signInSignals(arrival({ browser: "Firefox" }), [chromeMacBerlin]).newDevice).toBe(true);
    expect(signInSignals(arrival({ os: "Windows" }), [chromeMacBerlin]).newDevice).toBe(true);
    // The same browser on another OS and the same OS with another browser do not add up to it.
    const both = [{ ...chromeMacBerlin, os: "Windows" }, { ...chromeMacBerlin, browser: "Safari" }];
    expect(signInSignals(arrival(), both).newDevice).toBe(true);
  });

  it("treats an unknown browser as a device of its own", () => {
    const unknown = { ...chromeMacBerlin, browser: null, os: null };
    expect(signInSignals(arrival({ browser: null, os: null }), [chromeMacBerlin]).newDevice).toBe(true);
    expect(signInSignals(arrival({ browser: null, os: null }), [unknown]).newDevice).toBe(false);
  });

  it("flags a new location for a new country, or a new city in a known country", () => {
    expect(signInSignals(arrival({ city: "São Paulo", country: "BR" }), [chromeMacBerlin]).newLocation).toBe(true);
    expect(signInSignals(arrival({ city: "Munich" }), [chromeMacBerlin]).newLocation).toBe(true);
  });

  it("does not call a place new when a city is not known on one side", () => {
    expect(signInSignals(arrival({ city: null }), [chromeMacBerlin]).newLocation).toBe(false);
    expect(signInSignals(arrival(), [{ ...chromeMacBerlin, city: null }]).newLocation).toBe(false);
  });

  it("counts the places a session was later used from, not only where it signed in", () => {
    const travelled = { ...chromeMacBerlin, lastCity: "Paris", lastCountry: "FR" };
    expect(signInSignals(arrival({ city: "Paris", country: "FR" }), [travelled]).newLocation).toBe(false);
  });

  it("never calls an unknown place (a private address) new", () => {
    expect(signInSignals(arrival({ city: null, country: null }), [chromeMacBerlin]).newLocation).toBe(false);
  });
});

describe("countryChanged", () => {
  it("is true only when both countries are known and differ", () => {
    expect(countryChanged("DE", "FR")).toBe(true);
    expect(countryChanged("DE", "DE")).toBe(false);
    expect(countryChanged(null, "FR")).toBe(false);
    expect(countryChanged("DE", null)).toBe(false);
  });
});

describe("sessionFlags", () => {
  it("lists the flags in a fixed order, as the API names them", () => {
    expect(sessionFlags({ newDevice: true, newLocation: true, locationChangedAt: new Date() })).toEqual(["new_device", "new_location", "location_changed"]);
    expect(sessionFlags({ newDevice: false, newLocation: false, locationChangedAt: null })).toEqual([]);
    expect(sessionFlags({ newDevice: false, newLocation: true, locationChangedAt: null })).toEqual(["new_location"]);
  });
});
